using System.Security.Cryptography;
using Org.BouncyCastle.Asn1;
using Org.BouncyCastle.Asn1.X509;
using Org.BouncyCastle.X509;
using Shelter.Credentials.Revocation;

namespace Shelter.Credentials;

/// <summary>
/// Everything about a certificate that does not depend on the tap: parsed, profile checked, chained to a root,
/// key imported. This is what the verifier caches per certificate, so a warm tap costs one signature verification.
/// </summary>
internal sealed class InspectedCertificate
{
    private InspectedCertificate(string fingerprint) => Fingerprint = fingerprint;

    public string Fingerprint { get; }

    public RejectionReason? Failure { get; private init; }

    public string? FailureDetail { get; private init; }

    public string? Subject { get; private init; }

    public string? Issuer { get; private init; }

    public DateTimeOffset? NotBefore { get; private init; }

    public DateTimeOffset? NotAfter { get; private init; }

    public TrustAnchor? Anchor { get; private init; }

    public SignatureKey? Key { get; private init; }

    public CertificateIdentity Identity { get; private init; }

    /// <summary>
    /// Memory this entry keeps, estimated: the object and its strings, and for a good certificate its parsed key. A
    /// refused certificate keeps its fingerprint and reason only, so a stream of garbage costs little each.
    /// </summary>
    public long EstimatedBytes => 256 + (2L * (Fingerprint.Length + (Subject?.Length ?? 0) + (Issuer?.Length ?? 0) + (FailureDetail?.Length ?? 0)))
        + (Key is null ? 0 : 1536);

    public static InspectedCertificate Inspect(byte[] der, string fingerprint, TrustAnchors anchors, bool allowTestRoots)
    {
        X509Certificate certificate;
        try
        {
            // FromByteArray refuses trailing bytes, so a certificate with junk appended is not silently accepted.
            certificate = new X509Certificate(X509CertificateStructure.GetInstance(Asn1Object.FromByteArray(der)));
            _ = certificate.SubjectDN;
            _ = certificate.NotAfter;
            // BER leniency (a BOOLEAN of 0x7F read as TRUE) would let altered bytes re-encode to the signed DER, so
            // only canonical DER is accepted: the bytes verified are then exactly the bytes received.
            if (!certificate.CertificateStructure.GetDerEncoded().AsSpan().SequenceEqual(der))
            {
                return Fail(fingerprint, RejectionReason.MalformedCertificate, "the certificate is not in canonical DER");
            }
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            return Fail(fingerprint, RejectionReason.MalformedCertificate, "not a DER X.509 certificate");
        }
        try
        {
            return InspectParsed(certificate, fingerprint, anchors, allowTestRoots);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // BouncyCastle parses extensions lazily; a corrupt extension surfaces here rather than at parse time.
            return Fail(fingerprint, RejectionReason.MalformedCertificate, "a certificate extension is corrupt");
        }
    }

    private static InspectedCertificate InspectParsed(X509Certificate certificate, string fingerprint, TrustAnchors anchors, bool allowTestRoots)
    {
        var structure = certificate.CertificateStructure;
        // Names are kept for display only, so a certificate with a giant name keeps no more than this of it.
        var subject = Shorten(certificate.SubjectDN.ToString());
        var issuer = Shorten(certificate.IssuerDN.ToString());
        var notBefore = new DateTimeOffset(certificate.NotBefore, TimeSpan.Zero);
        var notAfter = new DateTimeOffset(certificate.NotAfter, TimeSpan.Zero);
        InspectedCertificate Reject(RejectionReason reason, string detail) => Fail(fingerprint, reason, detail);

        if (!structure.SignatureAlgorithm.Equals(structure.TbsCertificate.Signature))
        {
            return Reject(RejectionReason.MalformedCertificate, "inner and outer signature algorithms differ");
        }
        if (certificate.Version != 3)
        {
            return Reject(RejectionReason.MalformedCertificate, $"X.509 version {certificate.Version}, version 3 expected");
        }
        if (IssuerSignatureAlgorithm.IsWeak(structure.SignatureAlgorithm))
        {
            return Reject(RejectionReason.UnsupportedAlgorithm, "the certificate is signed with SHA-1 or MD5");
        }
        if (ProfileProblem(certificate) is { } profileProblem)
        {
            return Reject(RejectionReason.WrongKeyUsage, profileProblem);
        }
        if (!allowTestRoots && TrustAnchor.IsTestName(certificate.IssuerDN))
        {
            return Reject(RejectionReason.TestRootNotAllowed, "issued by a JPKI-TEST root while development mode is off");
        }

        var (anchor, chainProblem, chainReason) = FindIssuer(certificate, anchors);
        if (anchor is null)
        {
            return Reject(chainReason, chainProblem);
        }
        if (anchor.IsTestRoot && !allowTestRoots)
        {
            return Reject(RejectionReason.TestRootNotAllowed, "chains to a test root while development mode is off");
        }
        if (!SignatureKey.TryCreate(certificate.SubjectPublicKeyInfo, out var key, out var keyReason, out var keyDetail))
        {
            return Reject(keyReason, keyDetail);
        }
        return new InspectedCertificate(fingerprint)
        {
            Subject = subject,
            Issuer = issuer,
            NotBefore = notBefore,
            NotAfter = notAfter,
            Anchor = anchor,
            Key = key,
            Identity = new CertificateIdentity(fingerprint, anchor.Fingerprint, Convert.ToHexStringLower(certificate.SerialNumber.ToByteArrayUnsigned())),
        };
    }

    /// <summary>A user-authentication certificate: not a CA, digitalSignature, clientAuth where EKU is present, the JPKI policy.</summary>
    private static string? ProfileProblem(X509Certificate certificate)
    {
        if (certificate.GetBasicConstraints() >= 0)
        {
            return "a CA certificate cannot sign in";
        }
        var keyUsage = certificate.GetKeyUsage();
        if (keyUsage is null || keyUsage.Length == 0 || !keyUsage[0])
        {
            return "key usage digitalSignature is missing";
        }
        var extendedKeyUsage = certificate.GetExtendedKeyUsage();
        if (extendedKeyUsage is not null
            && !extendedKeyUsage.Contains(KeyPurposeID.id_kp_clientAuth)
            && !extendedKeyUsage.Contains(KeyPurposeID.AnyExtendedKeyUsage))
        {
            return "extended key usage clientAuth is missing";
        }
        var policies = certificate.GetExtensionValue(X509Extensions.CertificatePolicies);
        if (policies is null
            || !CertificatePolicies.GetInstance(policies.GetOctets()).GetPolicyInformation()
                .Any(p => p.PolicyIdentifier.Id == JpkiProfile.UserAuthenticationPolicy))
        {
            return "not a JPKI user-authentication certificate (policy 1.2.392.200149.8.5.1.3.30 missing); a signing certificate cannot sign in";
        }
        return null;
    }

    private static (TrustAnchor? Anchor, string Problem, RejectionReason Reason) FindIssuer(X509Certificate certificate, TrustAnchors anchors)
    {
        // Every anchor is a CA (TrustAnchor.Load refuses others), so a match by name, key and signature is the issuer.
        var anchor = anchors.FindSigner(certificate.IssuerDN, CertificateExtensions.AuthorityKeyIdentifier(certificate),
            certificate.CertificateStructure.SignatureAlgorithm, certificate.GetTbsCertificate(), certificate.GetSignature(), out var algorithmProblem);
        return anchor is not null ? (anchor, string.Empty, default)
            : algorithmProblem is not null ? (null, algorithmProblem, RejectionReason.UnsupportedAlgorithm)
            : (null, "no trusted root with this issuer name and key signed this certificate", RejectionReason.UntrustedIssuer);
    }

    private const int MaxNameLength = 256;

    private static string Shorten(string name) => name.Length <= MaxNameLength ? name : name[..(MaxNameLength - 1)] + "…";

    private static InspectedCertificate Fail(string fingerprint, RejectionReason reason, string detail) =>
        new(fingerprint) { Failure = reason, FailureDetail = detail };
}
