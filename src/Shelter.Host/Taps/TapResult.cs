using Shelter.Domain;

namespace Shelter.Host.Taps;

/// <summary>
/// One tap's answer on the wire (reader protocol v1). <c>outcome</c> is set when the tap took effect, <c>reason</c>
/// when it did not; a duplicate carries whichever the first answer had.
/// </summary>
public sealed record TapResult(string TapId, string Status, string? Outcome, string? Reason, string? Message, string? EvacueeId)
{
    public const string Accepted = "accepted";
    public const string Duplicate = "duplicate";
    public const string Rejected = "rejected";

    public static TapResult Reject(string tapId, string reason, string message) => new(tapId, Rejected, null, reason, message, null);

    public static TapResult From(string tapId, TapOutcome outcome) => new(
        tapId,
        outcome.Status switch { TapStatus.Accepted => Accepted, TapStatus.Duplicate => Duplicate, _ => Rejected },
        outcome.TookEffect ? outcome.Code : null,
        outcome.TookEffect ? null : outcome.Code,
        outcome.Message,
        outcome.EvacueeId);

    public TapResult AsDuplicate() => this with { Status = Duplicate };
}

/// <summary>Reasons the API gives before a tap reaches an evacuee (credential reasons come from the verifier).</summary>
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
}
