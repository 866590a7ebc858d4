using System.Collections.Frozen;
using Org.BouncyCastle.Asn1;
using Org.BouncyCastle.Asn1.X509;
using Org.BouncyCastle.X509;

namespace Shelter.Credentials.Revocation;

/// <summary>The outcome of importing a CRL: how many serials it lists and its times, or why it was refused.</summary>
public sealed record CrlImport(bool Imported, int RevokedCount, string Issuer, string? Error, DateTimeOffset? ThisUpdate = null, DateTimeOffset? NextUpdate = null,
    bool Older = false, LoadedCrl? Loaded = null);

/// <summary>A CRL in force for one root: its issuer, root, times (a CRL past its next update is overdue), and how many it revokes.</summary>
public sealed record LoadedCrl(string Issuer, string AnchorFingerprint, DateTimeOffset ThisUpdate, DateTimeOffset? NextUpdate, int RevokedCount)
{
    public bool OverdueAt(DateTimeOffset now) => NextUpdate is { } next && next < now;
}

/// <summary>
/// Revoked serials from imported X.509 CRLs, per issuing root. A CRL is accepted only when its signature verifies
/// under a trusted root's key; a newer CRL from the same root replaces the older one (CRLs are complete lists).
/// </summary>
public sealed class CrlStore : IRevocationSource
{
    private readonly TrustAnchors _anchors;
    private readonly Lock _write = new();
    private volatile FrozenDictionary<string, IssuerCrl> _byAnchor = FrozenDictionary<string, IssuerCrl>.Empty;

    private sealed record IssuerCrl(string Issuer, DateTimeOffset ThisUpdate, DateTimeOffset? NextUpdate, FrozenDictionary<string, DateTimeOffset> RevokedAt, byte[] Digest)
    {
        public LoadedCrl View(string anchor) => new(Issuer, anchor, ThisUpdate, NextUpdate, RevokedAt.Count);
    }

    public CrlStore(TrustAnchors anchors) => _anchors = anchors;

    public CrlImport Import(byte[] derOrPem)
    {
        X509Crl crl;
        byte[] digest;
        try
        {
            var der = DerOrPem.Decode(derOrPem);
            // The CRL in force, imported again (by the node's follower after the admin API, or at each start): its bytes
            // were checked when it was loaded, so a large list is not parsed and verified twice.
            digest = System.Security.Cryptography.SHA256.HashData(der);
            foreach (var (anchor, same) in _byAnchor)
            {
                if (same.Digest.AsSpan().SequenceEqual(digest))
                {
                    return new CrlImport(true, same.RevokedAt.Count, same.Issuer, null, same.ThisUpdate, same.NextUpdate, Loaded: same.View(anchor));
                }
            }
            var structure = CertificateList.GetInstance(Asn1Object.FromByteArray(der));
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
        var serials = new Dictionary<string, DateTimeOffset>(StringComparer.Ordinal);
        foreach (var entry in crl.GetRevokedCertificates() ?? new HashSet<X509CrlEntry>())
        {
            // A serial listed twice counts from its earliest revocation.
            var serial = Convert.ToHexStringLower(entry.SerialNumber.ToByteArrayUnsigned());
            var at = new DateTimeOffset(DateTime.SpecifyKind(entry.RevocationDate, DateTimeKind.Utc));
            serials[serial] = serials.TryGetValue(serial, out var earlier) && earlier < at ? earlier : at;
        }
        var thisUpdate = new DateTimeOffset(DateTime.SpecifyKind(crl.ThisUpdate, DateTimeKind.Utc));
        DateTimeOffset? nextUpdate = crl.NextUpdate is { } n ? new DateTimeOffset(DateTime.SpecifyKind(n, DateTimeKind.Utc)) : null;
        lock (_write)
        {
            if (_byAnchor.TryGetValue(signer.Fingerprint, out var current) && current.ThisUpdate > thisUpdate)
            {
                return new CrlImport(false, 0, issuer, $"a newer CRL from this root (issued {current.ThisUpdate:O}) is already loaded", thisUpdate, nextUpdate, Older: true);
            }
            var next = new Dictionary<string, IssuerCrl>(_byAnchor, StringComparer.Ordinal)
            {
                [signer.Fingerprint] = new IssuerCrl(issuer, thisUpdate, nextUpdate, serials.ToFrozenDictionary(StringComparer.Ordinal), digest),
            };
            _byAnchor = next.ToFrozenDictionary(StringComparer.Ordinal);
        }
        return new CrlImport(true, serials.Count, issuer, null, thisUpdate, nextUpdate, Loaded: new LoadedCrl(issuer, signer.Fingerprint, thisUpdate, nextUpdate, serials.Count));
    }

    /// <summary>The CRL in force for each root that has one.</summary>
    public IReadOnlyList<LoadedCrl> Loaded() =>
        [.. _byAnchor.Select(kv => kv.Value.View(kv.Key)).OrderBy(c => c.Issuer, StringComparer.Ordinal)];

    public CrlImport ImportFile(string path) => Import(File.ReadAllBytes(path));

    /// <summary>Revoked since the entry's revocation date, as the CRL gives it.</summary>
    public RevocationCheck Check(in CertificateIdentity certificate) =>
        _byAnchor.TryGetValue(certificate.AnchorFingerprint, out var crl) && crl.RevokedAt.TryGetValue(certificate.SerialHex, out var at)
            ? new RevocationCheck(RevocationStatus.Revoked, at)
            : RevocationCheck.Good;
}
