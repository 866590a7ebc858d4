using Shelter.Domain;

namespace Shelter.Actors;

/// <summary>Ask an evacuee entity to apply a verified tap. The reply is a <see cref="TapOutcome"/>, sent after any event is persisted.</summary>
public sealed record ProcessTap(string EvacueeId, Tap Tap) : IEntityCommand
{
    public string EntityId => EvacueeId;
}

public sealed record GetEvacuee(string EvacueeId) : IEntityCommand
{
    public string EntityId => EvacueeId;
}

/// <summary>
/// An evacuee as its entity holds it, for the desk and for reconciliation: where they are and what they were served;
/// <paramref name="Superseded"/> are the backlog moves that changed nothing, <paramref name="Flagged"/> the taps that
/// stand with a flag; <paramref name="LinkedPersonId"/> the person a credential is linked to, <paramref name="Credentials"/>
/// a person's linked credentials.
/// </summary>
public sealed record EvacueeStatus(string EvacueeId, string? CurrentShelterId, bool Provisional, string[] MealsServed, int RememberedTaps,
    MoveSuperseded[]? Superseded = null, FlaggedTap[]? Flagged = null, string? LinkedPersonId = null, string[]? Credentials = null,
    DateTimeOffset? LastMoveAt = null, RecentTap[]? RecentTaps = null) : IShelterMessage
{
    /// <summary>How many of the latest taps the desk is shown.</summary>
    public const int RecentTapCount = 20;
}

/// <summary>
/// The desk links a credential to a person. Sent to the credential's entity, which stores the link, hands its state to
/// the person's entity and answers (a <see cref="LinkAnswer"/>) once the person has taken it.
/// </summary>
public sealed record LinkCredential(string CredentialId, string PersonId, string By, DateTimeOffset At) : IEntityCommand
{
    public string EntityId => CredentialId;
}

/// <summary>The desk undoes a link; sent to the credential's entity, answered once the person gave back its share.</summary>
public sealed record UnlinkCredential(string CredentialId, string PersonId, string By, DateTimeOffset At) : IEntityCommand
{
    public string EntityId => CredentialId;
}

/// <summary>A linked credential's state, for its person to take over; repeated until answered, taken once (<see cref="Absorbed"/>).</summary>
public sealed record AbsorbCredential(string PersonId, string CredentialId, Handover Handover, DateTimeOffset At) : IEntityCommand
{
    public string EntityId => PersonId;
}

/// <summary>An unlinked credential's share, for its person to give back; answered with <see cref="Absorbed"/>.</summary>
public sealed record ReleaseCredential(string PersonId, string CredentialId, DateTimeOffset At) : IEntityCommand
{
    public string EntityId => PersonId;
}

/// <summary>The person's entity has stored the absorb or release (or had already).</summary>
public sealed record Absorbed(string PersonId, string CredentialId) : IShelterMessage;

/// <summary>What a link or unlink came to.</summary>
public sealed record LinkAnswer(string CredentialId, string PersonId, bool Done, string? Reason, string? Message, Handover? Own = null) : IShelterMessage;

/// <summary>The desk undoes a tap (a meal, or the latest move) with a reason; answered with a <see cref="CorrectionAnswer"/> once stored.</summary>
public sealed record CorrectTap(string EvacueeId, Guid TapId, string Reason, string By, DateTimeOffset At) : IEntityCommand
{
    public string EntityId => EvacueeId;
}

public sealed record CorrectionAnswer(string EvacueeId, Guid TapId, bool Done, string? Reason, string? Message) : IShelterMessage;

/// <summary>The desk issues a temporary card to a person: sent to the card's entity, answered like a link (<see cref="LinkAnswer"/>).</summary>
public sealed record IssueTemporaryCard(string CardId, string PersonId, string By, DateTimeOffset At) : IEntityCommand
{
    public string EntityId => CardId;
}

/// <summary>The desk withdraws a temporary card; answered with a <see cref="LinkAnswer"/> (done, or already withdrawn).</summary>
public sealed record WithdrawTemporaryCard(string CardId, string Reason, string By, DateTimeOffset At) : IEntityCommand
{
    public string EntityId => CardId;
}
