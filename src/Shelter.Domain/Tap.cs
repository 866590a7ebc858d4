using Shelter.Protocol;

namespace Shelter.Domain;

/// <summary>
/// A verified tap, as the evacuee entity receives it. The credential has already been checked; what remains are the
/// rules of check-in, meals and pickups. <paramref name="Meal"/> is the shelter-local meal period (set for meal taps).
/// <paramref name="OfflineWindowStart"/> is set for a tap made offline: it must have happened after this time.
/// <paramref name="Flag"/> says what the desk should know of a tap that stands (its card was revoked after it).
/// <paramref name="CertificateOnly"/>: a meal or pickup from the certificate alone, with no signature (a shelter's policy).
/// <paramref name="TemporaryCard"/>: made with a temporary card; <paramref name="WalkInsAllowed"/>: the shelter takes cards
/// the desk did not issue (flagged for the desk) instead of refusing them.
/// </summary>
public sealed record Tap(
    Guid TapId,
    string ReaderId,
    string ShelterId,
    TapAction Action,
    DateTimeOffset OccurredAt,
    bool LowAssurance,
    MealPeriod? Meal = null,
    DateTimeOffset? OfflineWindowStart = null,
    TapFlag? Flag = null,
    bool CertificateOnly = false,
    bool TemporaryCard = false,
    bool WalkInsAllowed = false);

/// <summary>
/// Something about a tap that stands which the desk should look at: <paramref name="Code"/> is one of <see cref="TapFlags"/>;
/// <paramref name="Since"/> is when the revocation or hold began, or for a pair, when the other tap of the pair was made.
/// </summary>
public sealed record TapFlag(string Code, DateTimeOffset Since);

/// <summary>The codes of <see cref="TapFlag"/>.</summary>
public static class TapFlags
{
    /// <summary>An offline tap made before its certificate was revoked: it stands.</summary>
    public const string RevokedAfterTap = "revoked-after-tap";

    /// <summary>An offline tap made before its credential was put on hold: it stands.</summary>
    public const string HeldAfterTap = "held-after-tap";

    /// <summary>A signed meal and a certificate-only meal of one person in one period: both stand, the meal counts once.</summary>
    public const string CertificateOnlyPair = "certificate-only-pair";

    /// <summary>A temporary card the desk did not issue, taken because the shelter admits walk-ins: the desk should register its holder.</summary>
    public const string WalkIn = "walk-in";

    public static IReadOnlyList<string> All { get; } = [RevokedAfterTap, HeldAfterTap, CertificateOnlyPair, WalkIn];
}

public enum TapStatus
{
    [WireCode(TapStatusCodes.Accepted)]
    Accepted,

    [WireCode(TapStatusCodes.Duplicate)]
    Duplicate,

    [WireCode(TapStatusCodes.Rejected)]
    Rejected,
}

/// <summary>
/// The answer to one tap. <paramref name="Code"/> is the outcome when accepted (<c>checked-in</c>, <c>moved</c>, …) and
/// the machine-readable reason when rejected; <paramref name="Message"/> is the sentence the volunteer reads. A
/// duplicate repeats the first answer, and <paramref name="FirstStatus"/> says whether that was accepted or rejected.
/// <paramref name="Flag"/> is the code of the tap's <see cref="TapFlag"/>, if it has one.
/// </summary>
public sealed record TapOutcome(Guid TapId, TapStatus Status, string Code, string Message, string? EvacueeId, TapStatus? FirstStatus = null, string? Flag = null)
{
    public TapOutcome AsDuplicate() => this with { Status = TapStatus.Duplicate, FirstStatus = FirstStatus ?? Status };

    /// <summary>Accepted, or a duplicate of an accepted tap: the code is an outcome rather than a reason.</summary>
    public bool TookEffect => (FirstStatus ?? Status) == TapStatus.Accepted;
}
