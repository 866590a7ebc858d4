using System.Security.Cryptography;
using Shelter.Protocol;

namespace Shelter.Credentials.DevPki;

/// <summary>
/// A development credential: a JPKI-profile certificate and its private key, standing in for a card or phone.
/// Signs exactly as a card does: SHA256withRSA PKCS#1 v1.5, or SHA384withECDSA (DER) for P-384.
/// </summary>
public sealed class DevCredential : IDisposable
{
    private readonly AsymmetricAlgorithm _key;
    private readonly bool _ownsKey;

    public DevCredential(byte[] certificateDer, AsymmetricAlgorithm key, bool ownsKey = true)
    {
        CertificateDer = certificateDer;
        _key = key;
        _ownsKey = ownsKey;
    }

    internal AsymmetricAlgorithm Key => _key;

    public byte[] CertificateDer { get; }

    public string Fingerprint => CertificateFingerprint.Of(CertificateDer);

    public DevKeyKind KeyKind => _key is RSA ? DevKeyKind.Rsa2048 : DevKeyKind.EcdsaP384;

    public byte[] Sign(ReadOnlySpan<byte> data) => _key switch
    {
        RSA rsa => rsa.SignData(data.ToArray(), HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1),
        ECDsa ecdsa => ecdsa.SignData(data, HashAlgorithmName.SHA384, DSASignatureFormat.Rfc3279DerSequence),
        _ => throw new InvalidOperationException("unsupported key"),
    };

    /// <summary>
    /// Signs a SHA-256 hash that arrives in a DigestInfo, as a card's COMPUTE DIGITAL SIGNATURE does (RSA keys only):
    /// for the virtual cards the station's tests read.
    /// </summary>
    public byte[] SignSha256Hash(ReadOnlySpan<byte> hash) => _key is RSA rsa
        ? rsa.SignHash(hash.ToArray(), HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1)
        : throw new InvalidOperationException("a JPKI card signs with RSA");

    /// <summary>Signs a SHA-384 hash with a P-384 key (DER), as the station's model of a P-384 token does.</summary>
    public byte[] SignSha384Hash(ReadOnlySpan<byte> hash) => _key is ECDsa ecdsa
        ? ecdsa.SignHash(hash.ToArray(), DSASignatureFormat.Rfc3279DerSequence)
        : throw new InvalidOperationException("an RSA key signs a DigestInfo");

    /// <summary>Signs a tap's protocol-v1 challenge, as the card would when the reader sends it.</summary>
    public byte[] SignTap(string readerId, string tapId, string occurredAt, ReadOnlySpan<byte> nonce) =>
        Sign(TapChallenge.Compute(readerId, tapId, occurredAt, nonce));

    public string ExportPrivateKeyPem() => _key switch
    {
        RSA rsa => rsa.ExportPkcs8PrivateKeyPem(),
        ECDsa ecdsa => ecdsa.ExportPkcs8PrivateKeyPem(),
        _ => throw new InvalidOperationException("unsupported key"),
    };

    /// <summary>Loads a credential saved by <see cref="DevCertificateAuthority"/> tools: a DER or PEM certificate and a PKCS#8 PEM key.</summary>
    public static DevCredential Load(byte[] certificate, string privateKeyPem)
    {
        AsymmetricAlgorithm key = privateKeyPem.Contains("EC PRIVATE", StringComparison.Ordinal) || IsEcPkcs8(privateKeyPem) ? ECDsa.Create() : RSA.Create();
        key.ImportFromPem(privateKeyPem);
        return new DevCredential(DerOrPem.Decode(certificate), key);
    }

    private static bool IsEcPkcs8(string pem)
    {
        using var probe = ECDsa.Create();
        try
        {
            probe.ImportFromPem(pem);
            return true;
        }
        catch (CryptographicException)
        {
            return false;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }

    public void Dispose()
    {
        if (_ownsKey)
        {
            _key.Dispose();
        }
    }
}
