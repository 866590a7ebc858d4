namespace Shelter.Credentials;

/// <summary>What carried the credential, as the reader states it.</summary>
public enum CredentialKind
{
    /// <summary>JPKI user authentication where the carrier was not stated (for example the CLI).</summary>
    Jpki,
    JpkiCard,
    JpkiAndroid,
    JpkiIphone,
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
    public static string Code(this CredentialKind kind) => kind switch
    {
        CredentialKind.Jpki => "jpki",
        CredentialKind.JpkiCard => "jpki-card",
        CredentialKind.JpkiAndroid => "jpki-android",
        CredentialKind.JpkiIphone => "jpki-iphone",
        CredentialKind.TemporaryCard => "temporary-card",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
    };

    public static bool TryParse(string? code, out CredentialKind kind)
    {
        foreach (var candidate in Enum.GetValues<CredentialKind>())
        {
            if (string.Equals(candidate.Code(), code, StringComparison.Ordinal))
            {
                kind = candidate;
                return true;
            }
        }
        kind = default;
        return false;
    }

    public static bool IsJpki(this CredentialKind kind) => kind != CredentialKind.TemporaryCard;

    public static Assurance Assurance(this CredentialKind kind) => kind.IsJpki() ? Credentials.Assurance.High : Credentials.Assurance.Low;
}
