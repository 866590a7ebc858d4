using Shelter.Protocol;

namespace Shelter.Credentials;

/// <summary>What carried the credential, as the reader states it.</summary>
public enum CredentialKind
{
    /// <summary>JPKI user authentication where the carrier was not stated (for example the CLI); never on the wire.</summary>
    [WireCode("jpki")]
    Jpki,

    [WireCode("jpki-card")]
    JpkiCard,

    [WireCode("jpki-android")]
    JpkiAndroid,

    [WireCode("jpki-iphone")]
    JpkiIphone,

    [WireCode("temporary-card")]
    TemporaryCard,
}

/// <summary>How much a credential proves: a JPKI signature proves the card or phone was present; a temporary card ID proves little.</summary>
public enum Assurance
{
    High,
    Low,
}

public static class CredentialKinds
{
    public static bool IsJpki(this CredentialKind kind) => kind != CredentialKind.TemporaryCard;

    public static Assurance Assurance(this CredentialKind kind) => kind.IsJpki() ? Credentials.Assurance.High : Credentials.Assurance.Low;
}
