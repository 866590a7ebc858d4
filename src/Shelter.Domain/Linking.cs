namespace Shelter.Domain;

/// <summary>
/// Registered people have an ID of their own (<c>p-</c> and 32 hex digits), apart from the pseudonyms of credentials,
/// so an evacuee entity knows from its ID whether it is a person or a credential not yet linked to one.
/// </summary>
public static class PersonIds
{
    public const string Prefix = "p-";

    public static string New() => Prefix + Guid.NewGuid().ToString("N");

    public static bool IsPerson(string? id) =>
        id is { Length: 34 } && id.StartsWith(Prefix, StringComparison.Ordinal) && id.AsSpan(2).ContainsAnyExcept("0123456789abcdef") is false;
}

/// <summary>
/// What a credential brings to a person when linked: where it was, when it last moved, and the meal periods it was
/// served (those still remembered).
/// </summary>
public sealed record Handover(string? CurrentShelterId, DateTimeOffset? LastMoveAt, string[] Meals);

/// <summary>The desk linked this credential to <paramref name="PersonId"/>; from now on its taps act on the person. <paramref name="Own"/> is what it had.</summary>
public sealed record LinkedToPerson(string PersonId, Handover Own, DateTimeOffset At, string By) : IEvacueeHistory;

/// <summary>The desk issued this temporary card to <paramref name="PersonId"/> (it is linked to them in the same act).</summary>
public sealed record TemporaryCardIssued(string PersonId, DateTimeOffset At, string By) : IEvacueeHistory;

/// <summary>The desk withdrew this temporary card (lost, returned, misused): its taps are refused from now on.</summary>
public sealed record TemporaryCardWithdrawn(string Reason, DateTimeOffset At, string By) : IEvacueeHistory;

/// <summary>The desk undid the link: the credential acts on its own again, with what it had when it was linked.</summary>
public sealed record UnlinkedFromPerson(string PersonId, Handover Own, DateTimeOffset At, string By) : IEvacueeHistory;

/// <summary>
/// A person took a linked credential's state: where it was, when that was later than the person's own last move, and
/// its meals. <paramref name="ShelterBefore"/> and <paramref name="ShelterAfter"/> are the person's shelter around it;
/// <paramref name="MealsGained"/> the periods only the credential had.
/// </summary>
public sealed record CredentialAbsorbed(string CredentialId, Handover Handover, string? ShelterBefore, string? ShelterAfter, DateTimeOffset? LastMoveBefore,
    string[] MealsGained, DateTimeOffset At) : IEvacueeHistory;

/// <summary>
/// A person gave back an unlinked credential's share: the meals only it brought, and the place it brought when the
/// person has not moved since (<paramref name="ShelterBefore"/> to <paramref name="ShelterAfter"/>).
/// </summary>
public sealed record CredentialReleased(string CredentialId, string? ShelterBefore, string? ShelterAfter, DateTimeOffset? LastMoveAfter, string[] MealsRemoved,
    DateTimeOffset At) : IEvacueeHistory;

/// <summary>What a link or unlink at the desk came to: done (or already so), or refused with a reason.</summary>
public sealed record LinkResult(bool Done, string? Reason = null, string? Message = null)
{
    public static LinkResult Ok { get; } = new(true);

    public static LinkResult Refused(string reason, string message) => new(false, reason, message);
}

/// <summary>Why a link or unlink is refused.</summary>
public static class LinkRefusals
{
    public const string LinkedElsewhere = "linked-to-another-person";
    public const string NotLinked = "not-linked";
    public const string NotACredential = "not-a-credential";
    public const string NotAPerson = "not-a-person";
}
