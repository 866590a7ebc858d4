using Shelter.Credentials;

namespace Shelter.Station.Jpki;

/// <summary>
/// How one kind of JPKI token is read, decided by the label in its EF 0006. Phones may differ on real hardware from
/// what was learnt of them: <see cref="ByLabel"/> is the one place to change when they do.
/// </summary>
/// <param name="PinAtReader">Whether the person types the PIN at the reader (an iPhone asks for Face ID instead).</param>
/// <param name="PinBeforeCertificate">Whether the certificate can be read only after VERIFY (Android).</param>
/// <param name="FinishAfterSigning">Whether the token wants <c>80 FC 00 00</c> after signing (iPhone).</param>
public sealed record JpkiFlow(CredentialKind Kind, bool PinAtReader, bool PinBeforeCertificate, bool FinishAfterSigning)
{
    private static readonly JpkiFlow Card = new(CredentialKind.JpkiCard, PinAtReader: true, PinBeforeCertificate: false, FinishAfterSigning: false);

    public static readonly IReadOnlyDictionary<string, JpkiFlow> ByLabel = new Dictionary<string, JpkiFlow>(StringComparer.Ordinal)
    {
        ["JPKIAPICCTOKEN2"] = Card,
        ["JPKIAPICCTOKEN"] = Card,
        ["JPKIAPGPSETOKEN"] = new(CredentialKind.JpkiAndroid, PinAtReader: true, PinBeforeCertificate: true, FinishAfterSigning: false),
        ["JPKIAPIOSTOKEN"] = new(CredentialKind.JpkiIphone, PinAtReader: false, PinBeforeCertificate: false, FinishAfterSigning: true),
    };
}
