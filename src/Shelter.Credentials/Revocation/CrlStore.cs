using System.Collections.Frozen;
using Org.BouncyCastle.Asn1;
using Org.BouncyCastle.Asn1.X509;
using Org.BouncyCastle.X509;

namespace Shelter.Credentials.Revocation;

/// <summary>The outcome of importing a CRL: how many serials it lists, or why it was refused.</summary>
public sealed record CrlImport(bool Imported, int RevokedCount, string Issuer, string? Error);

/// <summary>
/// Revoked serials from imported X.509 CRLs, per issuing root. A CRL is accepted only when its signature verifies
/// under a trusted root's key; a newer CRL from the same root replaces the older one (CRLs are complete lists).
/// </summary>
public sealed class CrlStore : IRevocationSource
{
    private readonly TrustAnchors _anchors;
    private readonly Lock _write = new();
    private volatile FrozenDictionary<string, IssuerCrl> _byAnchor = FrozenDictionary<string, IssuerCrl>.Empty;

    private sealed record IssuerCrl(DateTimeOffset ThisUpdate, FrozenSet<string> Serials);

    public CrlStore(TrustAnchors anchors) => _anchors = anchors;

    public CrlImport Import(byte[] derOrPem)
    {
        X509Crl crl;
        try
        {
            var structure = CertificateList.GetInstance(Asn1Object.FromByteArray(DerOrPem.Decode(derOrPem)));
            crl = new X509Crl(structure);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            return new CrlImport(false, 0, string.Empty, $"not a CRL: {ex.Message}");
        }
        var issuer = crl.IssuerDN.ToString();
        var aki = CertificateExtensions.AuthorityKeyIdentifier(crl.GetExtensionValue(X509Extensions.AuthorityKeyIdentifier));
        var signer = _anchors.FindSigner(crl.IssuerDN, aki, crl.CertificateList.SignatureAlgorithm, crl.CertificateList.TbsCertList.GetDerEncoded(),
            crl.GetSignature(), out _);
        if (signer is null)
        {
            return new CrlImport(false, 0, issuer, "the CRL is not signed by a trusted root");
        }
        var serials = (crl.GetRevokedCertificates() ?? new HashSet<X509CrlEntry>())
            .Select(entry => Convert.ToHexStringLower(entry.SerialNumber.ToByteArrayUnsigned()))
            .ToFrozenSet(StringComparer.Ordinal);
        var thisUpdate = new DateTimeOffset(crl.ThisUpdate, TimeSpan.Zero);
        lock (_write)
        {
            if (_byAnchor.TryGetValue(signer.Fingerprint, out var current) && current.ThisUpdate > thisUpdate)
            {
                return new CrlImport(false, 0, issuer, $"a newer CRL from this root (issued {current.ThisUpdate:O}) is already loaded");
            }
            var next = new Dictionary<string, IssuerCrl>(_byAnchor, StringComparer.Ordinal) { [signer.Fingerprint] = new IssuerCrl(thisUpdate, serials) };
            _byAnchor = next.ToFrozenDictionary(StringComparer.Ordinal);
        }
        return new CrlImport(true, serials.Count, issuer, null);
    }

    public CrlImport ImportFile(string path) => Import(File.ReadAllBytes(path));

    public RevocationStatus Check(in CertificateIdentity certificate) =>
        _byAnchor.TryGetValue(certificate.AnchorFingerprint, out var crl) && crl.Serials.Contains(certificate.SerialHex)
            ? RevocationStatus.Revoked
            : RevocationStatus.Good;
}
