using System.Text.Json;
using Shelter.Credentials;
using Shelter.Domain;
using Shelter.Protocol;

namespace Shelter.Host.Taps;

/// <summary>A tap whose fields are well-formed and whose credential verified; its evacuee entity is the fingerprint's pseudonym.</summary>
public sealed record VerifiedTap(string TapIdText, Tap Tap, string Fingerprint);

/// <summary>
/// Reads one tap of a request and verifies its credential. Every problem becomes a rejection with a specific reason and
/// sentence; nothing here throws for bad input, so one bad tap never costs the others in its batch.
/// </summary>
public sealed class TapParser(CredentialVerifier verifier, TimeProvider clock, TimeSpan maxClockAhead, TimeSpan maxTapAge, ServerNonces? nonces = null)
{
    /// <summary>The base64 length of the largest certificate we read; longer text is refused before decoding.</summary>
    private static readonly int MaxCertificateText = ((CredentialVerifierOptions.MaxCertificateBytes + 2) / 3 * 4) + 4;

    /// <summary>
    /// Who sent the request, the protocol version of the path it came to (which decides the challenge), and the start
    /// of the reader's offline window (its last successful contact before its latest outage), if known, and whether its
    /// shelter takes certificate-only meals and pickups.
    /// </summary>
    public sealed record ReaderContext(string ReaderId, string ShelterId, TimeZoneInfo Zone, string Protocol = ReaderProtocol.V1, DateTimeOffset? OfflineSince = null,
        bool AllowCertificateOnly = false, bool AllowWalkIns = false);

    private static readonly string ActionCodes = string.Join(", ", WireCodes.All<TapAction>());

    /// <summary>The kinds a reader may state; <see cref="CredentialKind.Jpki"/> (carrier unknown) is only for the CLI.</summary>
    private static readonly string ReaderKindCodes = string.Join(", ", Enum.GetValues<CredentialKind>().Where(k => k != CredentialKind.Jpki).Select(k => k.Code()));

    public (VerifiedTap? Tap, TapAnswer? Rejection) Parse(JsonElement element, ReaderContext reader)
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            return Reject("", TapReasons.MalformedTap, "Each tap must be a JSON object.");
        }
        var tapIdText = Text(element, TapFields.TapId);
        if (tapIdText is null || !Guid.TryParseExact(tapIdText, "D", out var tapId))
        {
            return Reject(tapIdText ?? "", TapReasons.MalformedTap, "tapId must be a UUID such as 3f2504e0-4f89-41d3-9a0c-0305e82c3301.");
        }
        string Id() => tapIdText;

        var readerId = Text(element, TapFields.ReaderId);
        if (readerId != reader.ReaderId)
        {
            return Reject(Id(), TapReasons.ReaderMismatch, $"readerId must be this reader's own ID ({reader.ReaderId}).");
        }
        var shelterId = Text(element, TapFields.ShelterId);
        if (shelterId != reader.ShelterId)
        {
            return Reject(Id(), TapReasons.ShelterMismatch, $"This reader is registered to shelter {reader.ShelterId} and cannot post taps for another shelter.");
        }
        var actionText = Text(element, TapFields.Action);
        if (!WireCodes.TryParse(actionText, out TapAction action))
        {
            return Reject(Id(), TapReasons.UnknownAction, $"action must be one of {ActionCodes}.");
        }
        var occurredAtText = Text(element, TapFields.OccurredAt);
        if (occurredAtText is null || !TapTime.TryParse(occurredAtText, out var occurredAt))
        {
            return Reject(Id(), TapReasons.MalformedTime, "occurredAt must be an RFC 3339 UTC time such as 2026-11-24T03:00:00Z.");
        }
        var now = clock.GetUtcNow();
        if (occurredAt - now > maxClockAhead)
        {
            return Reject(Id(), TapReasons.InFuture, $"occurredAt is more than {maxClockAhead.TotalMinutes:0} minutes in the future: check the reader's clock.");
        }
        if (now - occurredAt > maxTapAge)
        {
            return Reject(Id(), TapReasons.TooOld, $"occurredAt is more than {maxTapAge.TotalDays:0} days ago; record it at the desk.");
        }
        if (!element.TryGetProperty(TapFields.Credential, out var credential) || credential.ValueKind != JsonValueKind.Object)
        {
            return Reject(Id(), TapReasons.MalformedCredential, "credential must be an object with a kind.");
        }
        if (!WireCodes.TryParse(Text(credential, TapFields.Kind), out CredentialKind kind) || kind == CredentialKind.Jpki)
        {
            return Reject(Id(), TapReasons.UnknownCredentialKind, $"credential.kind must be one of {ReaderKindCodes}.");
        }

        if (kind != CredentialKind.TemporaryCard && reader.Protocol == ReaderProtocol.V2 && Text(credential, TapFields.Nonce) is null
            && Text(credential, TapFields.Signature) is null)
        {
            return CertificateOnly(credential, kind, tapId, Id(), reader, action, occurredAt);
        }
        byte[]? nonce = null;
        NonceKind? nonceKind = null;
        var verification = kind == CredentialKind.TemporaryCard
            ? CredentialVerifier.VerifyTemporaryCard(Text(credential, TapFields.CardId))
            : VerifyJpki(credential, kind, reader.Protocol, readerId, tapIdText, occurredAtText, actionText!, shelterId, occurredAt, out nonce, out nonceKind);
        if (!verification.IsValid)
        {
            return Refused(Id(), verification);
        }
        DateTimeOffset? windowStart = null;
        if (nonceKind is { } v2Nonce)
        {
            if (NonceRefusal(v2Nonce, nonce!, tapIdText) is { } refused)
            {
                return refused;
            }
            // v2 defines the offline window; a reader's clock may be off by as much as it may run ahead, either way.
            windowStart = v2Nonce == NonceKind.Server ? null : reader.OfflineSince - maxClockAhead;
        }
        var meal = action == TapAction.Meal ? MealPeriod.Of(occurredAt, reader.Zone) : (MealPeriod?)null;
        var flag = verification.RevokedAfter is { } later
            ? new TapFlag(later.Reason == RejectionReason.Revoked ? TapFlags.RevokedAfterTap : TapFlags.HeldAfterTap, later.Since)
            : null;
        var tap = new Tap(tapId, readerId, shelterId, action, occurredAt, verification.Assurance == Assurance.Low, meal, windowStart, flag,
            TemporaryCard: kind == CredentialKind.TemporaryCard, WalkInsAllowed: reader.AllowWalkIns);
        return (new VerifiedTap(Id(), tap, verification.Fingerprint!), null);
    }

    /// <summary>
    /// A v2 meal or pickup that carries the certificate alone (no nonce, no signature), where the shelter's policy takes
    /// one: the certificate is checked (chain, validity, revocation) and the tap is lower assurance. Without a signature
    /// its time proves nothing, so it must lie in the reader's offline window whatever the reader says.
    /// </summary>
    private (VerifiedTap?, TapAnswer?) CertificateOnly(JsonElement credential, CredentialKind kind, Guid tapId, string tapIdText, ReaderContext reader,
        TapAction action, DateTimeOffset occurredAt)
    {
        if (action is not (TapAction.Meal or TapAction.SupplyPickup))
        {
            return Reject(tapIdText, TapReasons.SignatureRequired, "A check-in or check-out needs the card's signature (PIN): only meals and pickups may go without.");
        }
        if (!reader.AllowCertificateOnly)
        {
            return Reject(tapIdText, TapReasons.SignatureRequired, "This shelter takes meals and pickups only with the card's signature (PIN).");
        }
        var certificateText = Text(credential, TapFields.Certificate);
        var certificate = certificateText is not null && certificateText.Length > MaxCertificateText ? null : Base64(certificateText);
        if (certificate is null)
        {
            return Reject(tapIdText, TapReasons.MalformedCredential, "credential.certificate must be base64 of the card's certificate.");
        }
        var verification = verifier.VerifyCertificate(kind, certificate, occurredAt);
        if (!verification.IsValid)
        {
            return Refused(tapIdText, verification);
        }
        var meal = action == TapAction.Meal ? MealPeriod.Of(occurredAt, reader.Zone) : (MealPeriod?)null;
        var tap = new Tap(tapId, reader.ReaderId, reader.ShelterId, action, occurredAt, LowAssurance: true, meal, reader.OfflineSince - maxClockAhead,
            CertificateOnly: true);
        return (new VerifiedTap(tapIdText, tap, verification.Fingerprint!), null);
    }

    private static (VerifiedTap?, TapAnswer?) Refused(string tapId, CredentialVerification verification) =>
        Reject(tapId, verification.Reason?.Code() ?? TapReasons.MalformedCredential, verification.Message ?? "The credential was not accepted.");

    /// <summary>Verifies a JPKI tap; under v2, also gives back its nonce and what kind of nonce it is, worked out once.</summary>
    private CredentialVerification VerifyJpki(JsonElement credential, CredentialKind kind, string protocol, string readerId, string tapId, string occurredAtText,
        string action, string shelterId, DateTimeOffset occurredAt, out byte[]? nonce, out NonceKind? nonceKind)
    {
        nonce = null;
        nonceKind = null;
        var certificateText = Text(credential, TapFields.Certificate);
        if (certificateText is not null && certificateText.Length > MaxCertificateText)
        {
            return CredentialVerification.Rejected(RejectionReason.Oversized, kind, $"certificate text of {certificateText.Length} characters");
        }
        var certificate = Base64(certificateText);
        nonce = Base64(Text(credential, TapFields.Nonce));
        var signature = Base64(Text(credential, TapFields.Signature));
        if (certificate is null || nonce is null || signature is null)
        {
            return new CredentialVerification(false, null,
                "credential.certificate, credential.nonce and credential.signature must all be base64.", kind, null, null, null, null);
        }
        if (protocol == ReaderProtocol.V2)
        {
            nonceKind = Classify(nonce, readerId);
        }
        // An offline v2 tap's time is bounded by its reader's offline window, so a revocation is judged at that time.
        var madeOffline = nonceKind is NonceKind.Station or NonceKind.Expired;
        return verifier.VerifyTap(protocol, kind, certificate, readerId, tapId, occurredAtText, action, shelterId, nonce, signature, occurredAt, madeOffline);
    }

    private NonceKind Classify(byte[] nonce, string readerId) =>
        nonces?.Classify(readerId, nonce) ?? (nonce.Length == TapChallenge.NonceLength ? NonceKind.Station : NonceKind.Foreign);

    /// <summary>
    /// A v2 tap's nonce: the reader's own (an offline tap), a server nonce of this reader (claimed now, once), or one
    /// that expired before the tap arrived (judged as an offline tap). Anything else is refused.
    /// </summary>
    private (VerifiedTap?, TapAnswer?)? NonceRefusal(NonceKind kind, byte[] nonce, string tapId) =>
        kind switch
        {
            NonceKind.Foreign => Reject(tapId, TapReasons.ForeignNonce, "This nonce was not issued to this reader: fetch fresh ones from /api/v2/nonces."),
            NonceKind.Server when !nonces!.Claim(nonce, tapId) => Reject(tapId, TapReasons.NonceReused, "This server nonce was already used by another tap; use each nonce once."),
            _ => null,
        };

    private static string? Text(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static byte[]? Base64(string? text)
    {
        if (text is null || text.Length > 64 * 1024)
        {
            return null;
        }
        var buffer = new byte[(text.Length * 3 / 4) + 3];
        return Convert.TryFromBase64String(text, buffer, out var written) ? buffer[..written] : null;
    }

    private static (VerifiedTap?, TapAnswer?) Reject(string tapId, string reason, string message) => (null, TapAnswer.Reject(tapId, reason, message));
}
