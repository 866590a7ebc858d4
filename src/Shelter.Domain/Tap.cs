namespace Shelter.Domain;

/// <summary>
/// A verified tap, as the evacuee entity receives it. The credential has already been checked; what remains are the
/// rules of check-in, meals and pickups. <paramref name="Meal"/> is the shelter-local meal period (set for meal taps).
/// </summary>
public sealed record Tap(
    Guid TapId,
    string ReaderId,
    string ShelterId,
    TapAction Action,
    DateTimeOffset OccurredAt,
    bool LowAssurance,
    MealPeriod? Meal = null);

public enum TapStatus
{
    Accepted,
    Duplicate,
    Rejected,
}

/// <summary>
/// The answer to one tap. <paramref name="Code"/> is the outcome when accepted (<c>checked-in</c>, <c>moved</c>, …) and
/// the machine-readable reason when rejected; <paramref name="Message"/> is the sentence the volunteer reads.
/// </summary>
public sealed record TapOutcome(Guid TapId, TapStatus Status, string Code, string Message, string? EvacueeId)
{
    public TapOutcome AsDuplicate() => this with { Status = TapStatus.Duplicate };
}
