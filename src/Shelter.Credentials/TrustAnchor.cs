using System.Security.Cryptography;
using Org.BouncyCastle.Asn1.X509;
using Org.BouncyCastle.X509;

namespace Shelter.Credentials;

/// <summary>A root we may trust. Roots of test cards and our own development CA carry <c>O=JPKI-TEST</c> and are marked as test roots.</summary>
public sealed class TrustAnchor : IDisposable
{
    public const string TestOrganization = "JPKI-TEST";

    private TrustAnchor(X509Certificate certificate, SignatureKey key, string fingerprint)
    {
        Certificate = certificate;
        Key = key;
        Fingerprint = fingerprint;
        Subject = certificate.SubjectDN;
        KeyIdentifier = CertificateExtensions.SubjectKeyIdentifier(certificate);
        IsTestRoot = IsTestName(certificate.SubjectDN);
        NotBefore = new DateTimeOffset(certificate.NotBefore, TimeSpan.Zero);
        NotAfter = new DateTimeOffset(certificate.NotAfter, TimeSpan.Zero);
    }

    public X509Certificate Certificate { get; }

    public X509Name Subject { get; }

    public byte[]? KeyIdentifier { get; }

    public SignatureKey Key { get; }

    /// <summary>SHA-256 of the root's DER, hex: names the anchor in logs and revocation lists.</summary>
    public string Fingerprint { get; }

    public bool IsTestRoot { get; }

    public DateTimeOffset NotBefore { get; }

    public DateTimeOffset NotAfter { get; }

    public static bool IsTestName(X509Name name) =>
        name.GetValueList(X509Name.O).Any(o => string.Equals(o, TestOrganization, StringComparison.Ordinal));

    /// <summary>Loads a root from DER or PEM bytes; throws <see cref="FormatException"/> for anything that cannot be a root.</summary>
    public static TrustAnchor Load(byte[] derOrPem)
    {
        var der = DerOrPem.Decode(derOrPem);
        X509Certificate certificate;
        try
        {
            certificate = new X509CertificateParser().ReadCertificate(der) ?? throw new FormatException("no certificate in input");
        }
        catch (Exception ex) when (ex is not FormatException)
        {
            throw new FormatException($"not a certificate: {ex.Message}", ex);
        }
        if (certificate.GetBasicConstraints() < 0)
        {
            throw new FormatException($"{certificate.SubjectDN} is not a CA certificate (basic constraints cA is not set)");
        }
        if (!SignatureKey.TryCreate(certificate.SubjectPublicKeyInfo, out var key, out _, out var detail))
        {
            throw new FormatException($"root key not accepted: {detail}");
        }
        return new TrustAnchor(certificate, key!, Convert.ToHexStringLower(SHA256.HashData(der)));
    }

    public void Dispose() => Key.Dispose();
}
