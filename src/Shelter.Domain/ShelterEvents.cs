using System.Text.Json.Serialization;

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

/// <summary>
/// 開設 at <paramref name="At"/> (null in events written before opening times were kept: the journal's time stands in).
/// Opened again while open, it is a change of capacity or tap policy; opened again after a 閉鎖, it is a reopening.
/// </summary>
public sealed record ShelterOpened(ShelterInfo Info, DateTimeOffset? At = null) : IShelterEvent;

/// <summary>閉鎖 at <paramref name="At"/>: taps are refused from then until the shelter is opened again; its figures stay.</summary>
public sealed record ShelterClosed(DateTimeOffset At) : IShelterEvent;

/// <summary>A shelter's count of an item on hand and on its way, as reported (stock-taking replaces, it does not add).</summary>
public sealed record SupplyStockReported(SupplyItem Item, long OnHand, long UnderWay, DateTimeOffset At) : IShelterEvent;

/// <summary>
/// A relay batch's share for one shelter, stored as one journal row: thousands of taps a second become a few rows per
/// shelter per batch instead of one each, which is most of what the journal would otherwise write twice. The events
/// rebuild the entity's set of occupants; the tally is what the read side counts. Rows written before the tally
/// existed have none (<c>null</c>), and the read side counts those from the events (<see cref="ShelterDashboard"/>).
/// </summary>
public sealed record FromEvacueesRecorded(IFromEvacuee[] Events, ShelterTally? Tally = null) : IShelterEvent;

// Relinked is left out when false: relay deliveries carry hundreds of these between nodes, in one remote frame.

/// <summary>
/// Someone is here. <paramref name="Relinked"/>: not an arrival but the desk's link or unlink handing presence between a
/// credential and a person, so occupancy follows while arrivals do not count it.
/// </summary>
public sealed record OccupantArrived(string EvacueeId, bool Provisional, string? FromShelterId, DateTimeOffset OccurredAt, long SourceOffset,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)] bool Relinked = false) : IFromEvacuee;

/// <summary>Someone is no longer here; <paramref name="Relinked"/> as for <see cref="OccupantArrived"/>: not a departure.</summary>
public sealed record OccupantLeft(string EvacueeId, string? ToShelterId, DateTimeOffset OccurredAt, long SourceOffset,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)] bool Relinked = false) : IFromEvacuee;

/// <summary>A meal served here; <paramref name="CertificateOnly"/>: from the certificate alone, counted apart as well.</summary>
public sealed record MealCounted(string EvacueeId, string Period, bool Provisional, DateTimeOffset OccurredAt, long SourceOffset, bool CertificateOnly = false)
    : IFromEvacuee;

/// <summary>A meal the desk withdrew (its tap corrected): the period's count goes down by one.</summary>
public sealed record MealWithdrawn(string EvacueeId, string Period, DateTimeOffset OccurredAt, long SourceOffset) : IFromEvacuee;

/// <summary>A supply pickup here; <paramref name="CertificateOnly"/>: from the certificate alone, counted apart as well.</summary>
public sealed record SupplyPickupCounted(string EvacueeId, DateTimeOffset OccurredAt, long SourceOffset, bool CertificateOnly = false) : IFromEvacuee;
