using Shelter.Domain;

namespace Shelter.Actors;

/// <summary>Every message that may cross nodes; bound to <see cref="ShelterSerializer"/>.</summary>
public interface IShelterMessage;

/// <summary>A command for one sharded entity.</summary>
public interface IEntityCommand : IShelterMessage
{
    string EntityId { get; }
}

/// <summary>
/// Sharding's hand-off and passivation stop: an entity stops only when it reaches this message in its mailbox, so
/// commands that arrived before it (or were stashed while persisting) are handled first and none is lost on rebalance.
/// </summary>
public sealed record StopEntity : IShelterMessage
{
    public static readonly StopEntity Instance = new();
}

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
public sealed record EvacueeStatus(string EvacueeId, string? CurrentShelterId, bool Provisional, string[] MealsServed, int RememberedTaps) : IShelterMessage;

public sealed record OpenShelter(ShelterInfo Info) : IEntityCommand
{
    public string EntityId => Info.Id;
}

/// <summary>The shelter as it stands after an open request: <paramref name="Created"/> is false when it was open already.</summary>
public sealed record ShelterOpenResult(bool Created, ShelterInfo Info) : IShelterMessage;

/// <summary>Evacuee-derived events for one shelter, in journal order. The reply is <see cref="FromEvacueesApplied"/>.</summary>
public sealed record ApplyFromEvacuees(string ShelterId, IFromEvacuee[] Events) : IEntityCommand
{
    public string EntityId => ShelterId;
}

public sealed record FromEvacueesApplied(string ShelterId, long LastSourceOffset) : IShelterMessage;

public sealed record GetShelterStatus(string ShelterId) : IEntityCommand
{
    public string EntityId => ShelterId;
}

public sealed record ShelterStatus(
    ShelterInfo? Info,
    int Occupancy,
    int ProvisionalOccupants,
    long Arrivals,
    long Departures,
    long SupplyPickups,
    Dictionary<string, int> MealsByPeriod,
    long LastSourceOffset,
    Dictionary<string, SupplyStock>? Stock = null) : IShelterMessage;

/// <summary>Stock-taking at a shelter: what it has of an item and what is on its way. The reply is a <see cref="ShelterStatus"/>.</summary>
public sealed record ReportSupplyStock(string ShelterId, SupplyItem Item, long OnHand, long UnderWay) : IEntityCommand
{
    public string EntityId => ShelterId;
}

/// <summary>The dashboard projection's figures of shelters changed after <paramref name="SinceVersion"/> (0: all).</summary>
public sealed record GetDashboard(long SinceVersion) : IShelterMessage;

public sealed record DashboardShelter(DashboardSnapshot Figures, long Version) : IShelterMessage;

public sealed record DashboardAnswer(long Version, long Offset, DashboardShelter[] Shelters) : IShelterMessage;

/// <summary>Replays all shelter events from the start into a fresh model and answers with it: the invariant-6 check.</summary>
public sealed record ReplayDashboardFromScratch : IShelterMessage;

/// <summary>The projection's stored state: its offset in the shelter stream and every shelter's figures.</summary>
public sealed record DashboardProjectionSnapshot(long Offset, DashboardSnapshot[] Shelters) : IShelterMessage;

public sealed record RegisterReader(string ReaderId, string ShelterId, string TokenHash) : IEntityCommand
{
    public string EntityId => ReaderId;
}

/// <summary>A reader lookup or registration answer; <paramref name="Reader"/> is null when the reader is unknown or was refused.</summary>
public sealed record ReaderAnswer(ReaderRegistered? Reader, string? Error) : IShelterMessage;

public sealed record GetReader(string ReaderId) : IEntityCommand
{
    public string EntityId => ReaderId;
}

public sealed record ListShelter(string Municipality, string ShelterId) : IEntityCommand
{
    public string EntityId => Municipality;
}

public sealed record GetMunicipalityShelters(string Municipality) : IEntityCommand
{
    public string EntityId => Municipality;
}

public sealed record MunicipalityShelters(string Municipality, string[] ShelterIds) : IShelterMessage;

/// <summary>The relay's progress through the evacuee event stream.</summary>
public sealed record RelayOffsetStored(long Offset) : IShelterMessage;
