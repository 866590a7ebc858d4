using Shelter.Domain;

namespace Shelter.Actors;

/// <summary>開設 at <paramref name="At"/>, or a change of capacity or tap policy while open. The reply is a <see cref="ShelterOpenResult"/>.</summary>
public sealed record OpenShelter(ShelterInfo Info, DateTimeOffset? At = null) : IEntityCommand
{
    public string EntityId => Info.Id;
}

/// <summary>閉鎖 at <paramref name="At"/>. The reply is the shelter's <see cref="ShelterStatus"/> (no <c>Info</c>: never opened).</summary>
public sealed record CloseShelter(string ShelterId, DateTimeOffset At) : IEntityCommand
{
    public string EntityId => ShelterId;
}

/// <summary>The shelter as it stands after an open request: <paramref name="Created"/> is false when it was open already (changed or not).</summary>
public sealed record ShelterOpenResult(bool Created, ShelterInfo Info) : IShelterMessage;

/// <summary>Evacuee-derived events for one shelter, in journal order. The reply is <see cref="FromEvacueesApplied"/>.</summary>
public sealed record ApplyFromEvacuees(string ShelterId, IFromEvacuee[] Events) : IEntityCommand
{
    /// <summary>
    /// The most events the relay puts in one message: a shelter may live on another node, and Akka.Remote drops any
    /// message over its frame size. The largest such message is tested against the frame (SerializerCoverageTests).
    /// </summary>
    public const int MaxEvents = 200;

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
    Dictionary<string, SupplyStock>? Stock = null,
    long CertificateOnlyTaps = 0,
    DateTimeOffset? OpenedAt = null,
    DateTimeOffset? ClosedAt = null) : IShelterMessage
{
    /// <summary>Opened and not closed since: taps are taken.</summary>
    public bool IsOpen => Info is not null && ClosedAt is null;
}

/// <summary>Stock-taking at a shelter: what it has of an item and what is on its way. The reply is a <see cref="ShelterStatus"/>.</summary>
public sealed record ReportSupplyStock(string ShelterId, SupplyItem Item, long OnHand, long UnderWay) : IEntityCommand
{
    public string EntityId => ShelterId;
}

/// <summary>The roll call of a shelter: occupants not seen since <paramref name="QuietSince"/>, at most <paramref name="Limit"/>.</summary>
public sealed record GetRollCall(string ShelterId, DateTimeOffset QuietSince, int Limit) : IEntityCommand
{
    public string EntityId => ShelterId;
}

/// <summary>The roll call's answer: <paramref name="Occupancy"/> is everyone here, <paramref name="Quiet"/> those not seen lately.</summary>
public sealed record RollCall(string ShelterId, int Occupancy, RollCall.Entry[] Quiet) : IShelterMessage
{
    public sealed record Entry(string EvacueeId, bool Provisional, DateTimeOffset? LastSeen);
}
