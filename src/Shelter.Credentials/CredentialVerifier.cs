using Shelter.Credentials.Revocation;
using Shelter.Protocol;

namespace Shelter.Credentials;

/// <summary>
/// Verifies credentials. Every failure comes back as a <see cref="CredentialVerification"/> with a reason, never as an
/// exception: a reader's bad input must not take down the node that serves a thousand other readers.
/// Thread-safe; one instance serves the whole process.
/// </summary>
public sealed class CredentialVerifier
{
    private readonly TrustAnchors _anchors;
    private readonly bool _allowTestRoots;
    private readonly IReadOnlyList<IRevocationSource> _revocation;
    private readonly BoundedCache<string, InspectedCertificate> _chains;

    /// <summary>Refused certificates, apart: a flood of distinct garbage evicts other garbage, never a good card's check.</summary>
    private readonly BoundedCache<string, InspectedCertificate> _refused;

    public CredentialVerifier(TrustAnchors anchors, CredentialVerifierOptions options, params IReadOnlyList<IRevocationSource> revocation)
    {
        _anchors = anchors;
        _allowTestRoots = options.AllowTestRoots;
        _revocation = revocation;
        _chains = new BoundedCache<string, InspectedCertificate>(options.ChainCacheBytes, c => c.EstimatedBytes);
        _refused = new BoundedCache<string, InspectedCertificate>(options.RefusedCacheBytes, c => c.EstimatedBytes);
    }

    public bool AllowTestRoots => _allowTestRoots;

    /// <summary>Certificates whose check passed and is remembered.</summary>
    public int CachedCertificates => _chains.Count;

    /// <summary>Certificates whose refusal is remembered.</summary>
    public int CachedRefusals => _refused.Count;

    /// <summary>What the remembered checks and refusals hold, as the caches estimate it.</summary>
    public long CachedCertificateBytes => _chains.Weight + _refused.Weight;

    /// <summary>Verifies a tap: the credential's signature over the protocol-v1 challenge, which is recomputed here from the tap's fields.</summary>
    public CredentialVerification VerifyTap(CredentialKind kind, byte[] certificate, string readerId, string tapId, string occurredAt,
        ReadOnlySpan<byte> nonce, ReadOnlySpan<byte> signature, DateTimeOffset at) =>
        VerifyTap(ReaderProtocol.V1, kind, certificate, readerId, tapId, occurredAt, "-", "-", nonce, signature, at);

    /// <summary>
    /// Verifies a tap of <paramref name="protocol"/>: the credential's signature over that version's challenge, recomputed
    /// here from the tap's fields as sent (v1 leaves <paramref name="action"/> and <paramref name="shelterId"/> out).
    /// A tap <paramref name="madeOffline"/> (its time bounded by the reader's offline window) is judged against a
    /// revocation or hold at its own time: one made before it is valid, with <see cref="CredentialVerification.RevokedAfter"/> set.
    /// </summary>
    public CredentialVerification VerifyTap(string protocol, CredentialKind kind, byte[] certificate, string readerId, string tapId, string occurredAt,
        string action, string shelterId, ReadOnlySpan<byte> nonce, ReadOnlySpan<byte> signature, DateTimeOffset at, bool madeOffline = false)
    {
        if (nonce.Length != TapChallenge.NonceLength && !(protocol == ReaderProtocol.V2 && nonce.Length == TapChallenge.ServerNonceLength))
        {
            return CredentialVerification.Rejected(RejectionReason.ChallengeMismatch, kind, $"nonce is {nonce.Length} bytes, {TapChallenge.NonceLength} expected");
        }
        if (new[] { readerId, tapId, occurredAt, action, shelterId }.Any(string.IsNullOrEmpty))
        {
            return CredentialVerification.Rejected(RejectionReason.ChallengeMismatch, kind, "every field of the challenge must be present");
        }
        return VerifySignature(kind, certificate, TapChallenge.For(protocol, readerId, tapId, occurredAt, action, shelterId, nonce), signature, at, madeOffline);
    }

    /// <summary>Verifies that <paramref name="data"/> was signed by the certificate's key and that the certificate is valid at <paramref name="at"/>.</summary>
    public CredentialVerification VerifySignature(CredentialKind kind, byte[] certificate, ReadOnlySpan<byte> data, ReadOnlySpan<byte> signature, DateTimeOffset at,
        bool madeOffline = false)
    {
        var inspected = Inspect(kind, certificate, at, madeOffline, out var revokedAfter, out var rejection);
        if (rejection is not null)
        {
            return rejection;
        }
        if (signature.Length == 0 || signature.Length > CredentialVerifierOptions.MaxSignatureBytes)
        {
            return Reject(RejectionReason.BadSignature, kind, inspected!, $"signature of {signature.Length} bytes");
        }
        if (inspected!.Key!.VerifyTapSignature(data, signature))
        {
            return Accept(kind, inspected) with { RevokedAfter = revokedAfter };
        }
        return inspected.Key.IsRsaSignatureOverOtherDigest(signature)
            ? Reject(RejectionReason.ChallengeMismatch, kind, inspected, "a genuine signature by this card, over other data")
            : Reject(RejectionReason.BadSignature, kind, inspected, null);
    }

    /// <summary>Checks a certificate alone (chain, profile, validity, revocation), as the desk does when linking a credential.</summary>
    public CredentialVerification VerifyCertificate(CredentialKind kind, byte[] certificate, DateTimeOffset at)
    {
        var inspected = Inspect(kind, certificate, at, madeOffline: false, out _, out var rejection);
        return rejection ?? Accept(kind, inspected!);
    }

    public static CredentialVerification VerifyTemporaryCard(string? cardId) =>
        TemporaryCardId.TryParse(cardId, out var id)
            ? CredentialVerification.Valid(CredentialKind.TemporaryCard, id.Fingerprint, null, null, null)
            : CredentialVerification.Rejected(RejectionReason.MalformedCardId, CredentialKind.TemporaryCard,
                $"a card ID is {TemporaryCardId.HexLength} hex digits");

    private InspectedCertificate? Inspect(CredentialKind kind, byte[] certificate, DateTimeOffset at, bool madeOffline, out RevokedAfterTap? revokedAfter,
        out CredentialVerification? rejection)
    {
        rejection = null;
        revokedAfter = null;
        if (!kind.IsJpki())
        {
            rejection = CredentialVerification.Rejected(RejectionReason.MalformedCertificate, kind, "a temporary card carries no certificate");
            return null;
        }
        if (certificate.Length > CredentialVerifierOptions.MaxCertificateBytes)
        {
            rejection = CredentialVerification.Rejected(RejectionReason.Oversized, kind,
                $"certificate of {certificate.Length} bytes, at most {CredentialVerifierOptions.MaxCertificateBytes}");
            return null;
        }
        if (certificate.Length == 0)
        {
            rejection = CredentialVerification.Rejected(RejectionReason.MalformedCertificate, kind, "no certificate");
            return null;
        }
        var fingerprint = CertificateFingerprint.Of(certificate);
        var inspected = Remembered(fingerprint, certificate);
        if (inspected.Failure is { } failure)
        {
            rejection = Reject(failure, kind, inspected, inspected.FailureDetail);
            return null;
        }
        if (at < inspected.NotBefore)
        {
            rejection = Reject(RejectionReason.NotYetValid, kind, inspected, $"valid from {inspected.NotBefore:yyyy-MM-dd HH:mm:ss}Z");
            return null;
        }
        if (at > inspected.NotAfter)
        {
            rejection = Reject(RejectionReason.Expired, kind, inspected, $"expired {inspected.NotAfter:yyyy-MM-dd HH:mm:ss}Z");
            return null;
        }
        var anchor = inspected.Anchor!;
        if (at < anchor.NotBefore || at > anchor.NotAfter)
        {
            rejection = Reject(at > anchor.NotAfter ? RejectionReason.Expired : RejectionReason.NotYetValid, kind, inspected,
                $"the issuing root is valid {anchor.NotBefore:yyyy-MM-dd} to {anchor.NotAfter:yyyy-MM-dd}");
            return null;
        }
        foreach (var source in _revocation)
        {
            var check = source.Check(inspected.Identity);
            if (check.Status == RevocationStatus.Good)
            {
                continue;
            }
            var reason = check.Status == RevocationStatus.Revoked ? RejectionReason.Revoked : RejectionReason.OnHold;
            if (madeOffline && check.Since is { } since && at < since)
            {
                revokedAfter ??= new RevokedAfterTap(reason, since);
                continue;
            }
            rejection = Reject(reason, kind, inspected, check.Since is { } from ? $"since {from:yyyy-MM-dd HH:mm:ss}Z" : null);
            revokedAfter = null;
            return null;
        }
        return inspected;
    }

    private static CredentialVerification Accept(CredentialKind kind, InspectedCertificate inspected) =>
        CredentialVerification.Valid(kind, inspected.Fingerprint, inspected.Subject, inspected.Issuer, inspected.NotAfter, inspected.Anchor?.Fingerprint);

    private static CredentialVerification Reject(RejectionReason reason, CredentialKind kind, InspectedCertificate inspected, string? detail) =>
        CredentialVerification.Rejected(reason, kind, detail, inspected.Fingerprint, inspected.Subject, inspected.Issuer, inspected.NotAfter,
            inspected.Anchor?.Fingerprint);

    private InspectedCertificate Remembered(string fingerprint, byte[] certificate)
    {
        if (_chains.TryGet(fingerprint, out var good))
        {
            return good;
        }
        if (_refused.TryGet(fingerprint, out var refused))
        {
            return refused;
        }
        var inspected = InspectedCertificate.Inspect(certificate, fingerprint, _anchors, _allowTestRoots);
        (inspected.Failure is null ? _chains : _refused).Set(fingerprint, inspected);
        return inspected;
    }
}
