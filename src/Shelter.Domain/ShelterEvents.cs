namespace Shelter.Domain;

/// <summary>
/// Something that changed a shelter's figures. Occupant events are derived from evacuee events; <c>SourceOffset</c> is the
/// position of that evacuee event in the journal's evacuee stream, which makes applying them idempotent.
/// </summary>
public interface IShelterEvent;

public interface IFromEvacuee : IShelterEvent
{
    string EvacueeId { get; }

    long SourceOffset { get; }

    DateTimeOffset OccurredAt { get; }
}

public sealed record ShelterOpened(ShelterInfo Info) : IShelterEvent;

public sealed record OccupantArrived(string EvacueeId, bool Provisional, string? FromShelterId, DateTimeOffset OccurredAt, long SourceOffset) : IFromEvacuee;

public sealed record OccupantLeft(string EvacueeId, string? ToShelterId, DateTimeOffset OccurredAt, long SourceOffset) : IFromEvacuee;

public sealed record MealCounted(string EvacueeId, string Period, bool Provisional, DateTimeOffset OccurredAt, long SourceOffset) : IFromEvacuee;

public sealed record SupplyPickupCounted(string EvacueeId, DateTimeOffset OccurredAt, long SourceOffset) : IFromEvacuee;
