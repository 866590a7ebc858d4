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

/// <summary>Where an evacuee is and what they were served, for the desk (safety confirmation) and for reconciliation.</summary>
/// <summary>An evacuee as its entity holds it; <paramref name="Superseded"/> are the backlog moves that changed nothing, for the desk.</summary>
public sealed record EvacueeStatus(string EvacueeId, string? CurrentShelterId, bool Provisional, string[] MealsServed, int RememberedTaps,
    MoveSuperseded[]? Superseded = null) : IShelterMessage;
