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
/// stand with a flag.
/// </summary>
public sealed record EvacueeStatus(string EvacueeId, string? CurrentShelterId, bool Provisional, string[] MealsServed, int RememberedTaps,
    MoveSuperseded[]? Superseded = null, FlaggedTap[]? Flagged = null) : IShelterMessage;
