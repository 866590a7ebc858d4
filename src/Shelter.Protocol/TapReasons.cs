namespace Shelter.Protocol;

/// <summary>
/// Reasons a tap is rejected before it reaches its evacuee. Credential reasons are the codes of the verifier's
/// <c>RejectionReason</c>; the rules' reasons come from the domain.
/// </summary>
public static class TapReasons
{
    public const string MalformedTap = "malformed-tap";
    public const string ReaderMismatch = "reader-mismatch";
    public const string ShelterMismatch = "shelter-mismatch";
    public const string UnknownAction = "unknown-action";
    public const string MalformedTime = "malformed-time";
    public const string InFuture = "in-future";
    public const string TooOld = "too-old";
    public const string UnknownCredentialKind = "unknown-credential-kind";
    public const string MalformedCredential = "malformed-credential";
    public const string Unavailable = "unavailable";
    public const string ForeignNonce = "foreign-nonce";
    public const string NonceReused = "nonce-reused";

    /// <summary>A certificate-only tap (v2) where a signature is needed: a check-in or check-out, or a shelter whose policy wants signatures.</summary>
    public const string SignatureRequired = "signature-required";

    public static IReadOnlyList<string> All { get; } =
        [MalformedTap, ReaderMismatch, ShelterMismatch, UnknownAction, MalformedTime, InFuture, TooOld, UnknownCredentialKind, MalformedCredential, Unavailable,
            ForeignNonce, NonceReused, SignatureRequired];
}

/// <summary>Reasons a whole request is refused (problem details): no tap of it took effect.</summary>
public static class RequestReasons
{
    public const string Unauthenticated = "unauthenticated";
    public const string MalformedJson = "malformed-json";
    public const string MissingTaps = "missing-taps";
    public const string EmptyBatch = "empty-batch";
    public const string BatchTooLarge = "batch-too-large";
    public const string BodyTooLarge = "body-too-large";
    public const string ShelterNotOpen = "shelter-not-open";
    public const string InvalidToken = "invalid-token";
    public const string TokenRevoked = "token-revoked";
    public const string TokenExpired = "token-expired";
    public const string Forbidden = "forbidden";
    public const string OutOfScope = "out-of-scope";
    public const string RateLimited = "rate-limited";
    public const string Unavailable = "unavailable";
    public const string RequestTimeout = "request-timeout";
    public const string ProtocolDowngrade = "protocol-downgrade";
    public const string ProtocolDisabled = "protocol-disabled";
    public const string InvalidCount = "invalid-count";
    public const string InvalidCardReading = "invalid-card-reading";
    public const string TooManyCardReadings = "too-many-card-readings";

    public static IReadOnlyList<string> All { get; } =
    [
        Unauthenticated, InvalidToken, TokenRevoked, TokenExpired, Forbidden, OutOfScope, RateLimited, MalformedJson, MissingTaps, EmptyBatch,
        BatchTooLarge, BodyTooLarge, RequestTimeout, ShelterNotOpen, Unavailable, ProtocolDowngrade, ProtocolDisabled, InvalidCount,
        InvalidCardReading, TooManyCardReadings,
    ];
}
