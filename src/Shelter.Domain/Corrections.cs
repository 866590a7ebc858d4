namespace Shelter.Domain;

/// <summary>
/// The desk undid a tap that should not have counted (a wrong check-in, a meal served to the wrong card), with a reason:
/// a compensating event, so the tap stays on record and the correction beside it. A move's undo puts the person back
/// where they were before it (<paramref name="ShelterAfter"/>, <paramref name="LastMoveAfter"/>); a meal's undo
/// withdraws <paramref name="MealWithdrawn"/>.
/// </summary>
public sealed record TapCorrected(Guid CorrectedTapId, TapAction Action, string ShelterId, string Reason, string By, DateTimeOffset At, string? ShelterBefore,
    string? ShelterAfter, DateTimeOffset? LastMoveAfter, string? MealWithdrawn) : IEvacueeHistory;

/// <summary>The person's latest move, remembered so the desk can undo it.</summary>
public sealed record LatestMove(Guid TapId, TapAction Action, string ShelterId, string? ShelterBefore, DateTimeOffset? LastMoveBefore);

/// <summary>A meal a tap served, remembered (as long as tap IDs) so the desk can withdraw it.</summary>
public sealed record ServedMeal(Guid TapId, string ShelterId, string Period, DateTimeOffset OccurredAt);

/// <summary>What a correction came to: done, or refused with a reason and a sentence.</summary>
public sealed record CorrectionResult(bool Done, string? Reason = null, string? Message = null);

/// <summary>Why a correction is refused.</summary>
public static class CorrectionRefusals
{
    public const string UnknownTap = "unknown-tap";
    public const string AlreadyCorrected = "already-corrected";
    public const string NotLatestMove = "not-latest-move";
    public const string NotCorrectable = "not-correctable";
    public const string LinkedCredential = "linked-credential";
}
