namespace Shelter.Domain;

/// <summary>What an accepted tap did: the <c>outcome</c> of its answer.</summary>
public static class Outcomes
{
    public const string CheckedIn = "checked-in";

    /// <summary>Checked in here and, by that, out of the shelter the person was at.</summary>
    public const string Moved = "moved";

    public const string AlreadyCheckedIn = "already-checked-in";
    public const string CheckedOut = "checked-out";
    public const string MealServed = "meal-served";
    public const string SupplyPickedUp = "supply-picked-up";

    /// <summary>A check-in or check-out older than the person's latest move: recorded, and it changed nothing.</summary>
    public const string Superseded = "superseded";

    public static IReadOnlyList<string> All { get; } = [CheckedIn, Moved, AlreadyCheckedIn, CheckedOut, MealServed, SupplyPickedUp, Superseded];
}

/// <summary>Why the rules refused a tap whose credential was good: the <c>reason</c> of its answer, stored with the refusal.</summary>
public static class Refusals
{
    public const string NotCheckedIn = "not-checked-in";

    /// <summary>Only in answers stored before readers stopped being told that a person is checked in at another shelter.</summary>
    public const string CheckedInElsewhere = "checked-in-elsewhere";
    public const string MealAlreadyServed = "meal-already-served";

    /// <summary>An offline tap that claims a time before its reader's last contact with the server before it went offline.</summary>
    public const string OutsideOfflineWindow = "outside-offline-window";

    /// <summary>A temporary card the desk did not issue, at a shelter that admits no walk-ins.</summary>
    public const string UnknownCard = "unknown-card";

    /// <summary>A temporary card the desk withdrew.</summary>
    public const string CardWithdrawn = "card-withdrawn";

    /// <summary>A lower-assurance check-in that would move its holder out of another shelter: only the desk moves them.</summary>
    public const string MoveNeedsDesk = "move-needs-desk";

    public static IReadOnlyList<string> All { get; } =
        [NotCheckedIn, CheckedInElsewhere, MealAlreadyServed, OutsideOfflineWindow, UnknownCard, CardWithdrawn, MoveNeedsDesk];
}
