using Shelter.Station.Card;

namespace Shelter.Station.Jpki;

/// <summary>
/// The APDUs of the JPKI user-authentication application (利用者証明用電子証明書), as cards and phones answer them
/// (docs: research notes on the reader station, section 5). Builders only; the flow is <see cref="JpkiReader"/>'s.
/// </summary>
public static class JpkiCommands
{
    /// <summary>The application's AID.</summary>
    public static readonly byte[] Aid = [0xD3, 0x92, 0xF0, 0x00, 0x26, 0x01, 0x00, 0x00, 0x00, 0x01];

    public const ushort TokenLabelFile = 0x0006;
    public const ushort CertificateFile = 0x000A;
    public const ushort SigningKeyFile = 0x0017;
    public const ushort PinFile = 0x0018;

    /// <summary>What DigestInfo the card signs: the DER prefix of SHA-256, then the 32-byte hash.</summary>
    public static readonly byte[] Sha256DigestInfoPrefix = Convert.FromHexString("3031300d060960864801650304020105000420");

    public static byte[] SelectApplication() => Iso7816.SelectApplication(Aid);

    /// <summary>
    /// What COMPUTE DIGITAL SIGNATURE is given: for RSA (every JPKI card and phone known) the DigestInfo of SHA-256 of
    /// the challenge, which the card pads and signs; for a P-384 key, our model (no such JPKI token has been seen), the
    /// SHA-384 of the challenge, answered with a DER ECDSA signature, which is what the server verifies for P-384.
    /// </summary>
    public static byte[] SignatureInput(ReadOnlySpan<byte> challenge, bool ellipticKey) =>
        ellipticKey ? System.Security.Cryptography.SHA384.HashData(challenge) : [.. Sha256DigestInfoPrefix, .. System.Security.Cryptography.SHA256.HashData(challenge)];

    /// <summary>COMPUTE DIGITAL SIGNATURE over a DigestInfo (or hash), with the key file selected.</summary>
    public static byte[] Sign(ReadOnlySpan<byte> digestInfo) => [0x80, 0x2A, 0x00, 0x80, (byte)digestInfo.Length, .. digestInfo, 0x00];

    /// <summary>The iPhone token's closing command; a physical card answers it <c>67 00</c>.</summary>
    public static byte[] LastCommand() => [0x80, 0xFC, 0x00, 0x00];
}
