using Shelter.Protocol;

namespace Shelter.Domain;

/// <summary>
/// A shelter's figures. Occupancy is the size of a set of evacuee IDs, so an evacuee is never counted twice here; that
/// an evacuee is in at most one shelter's set is the evacuee entity's rule, carried here by its events.
/// </summary>
public sealed class ShelterState
{
    private readonly Dictionary<string, bool> _occupants = new(StringComparer.Ordinal);

    /// <summary>When each occupant was last seen here (arrived, or tapped for a meal or a pickup): the roll call's clock.</summary>
    private readonly Dictionary<string, DateTimeOffset> _lastSeen = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _mealsByPeriod = new(StringComparer.Ordinal);
    private readonly Dictionary<SupplyItem, SupplyStock> _stock = [];

    public ShelterInfo? Info { get; private set; }

    /// <summary>Opened and not closed since: taps are taken.</summary>
    public bool IsOpen => Info is not null && ClosedAt is null;

    public DateTimeOffset? OpenedAt { get; private set; }

    public DateTimeOffset? ClosedAt { get; private set; }

    public int Occupancy => _occupants.Count;

    public int ProvisionalOccupants { get; private set; }

    public long Arrivals { get; private set; }

    public long Departures { get; private set; }

    public long SupplyPickups { get; private set; }

    /// <summary>Meals and pickups from the certificate alone (no signature), also counted in the meals and pickups.</summary>
    public long CertificateOnlyTaps { get; private set; }

    /// <summary>The last evacuee-stream offset applied; anything at or below it has been applied already.</summary>
    public long LastSourceOffset { get; private set; }

    public IReadOnlyDictionary<string, int> MealsByPeriod => _mealsByPeriod;

    public IReadOnlyDictionary<SupplyItem, SupplyStock> Stock => _stock;

    public bool IsPresent(string evacueeId) => _occupants.ContainsKey(evacueeId);

    public bool IsNew(IFromEvacuee e) => e.SourceOffset > LastSourceOffset;

    public void Apply(IShelterEvent e)
    {
        switch (e)
        {
            case ShelterOpened opened:
                if (Info is null || ClosedAt is not null)
                {
                    (OpenedAt, ClosedAt) = (opened.At, null);
                }
                Info = opened.Info;
                return;
            case ShelterClosed closed:
                ClosedAt = closed.At;
                return;
            case SupplyStockReported reported:
                _stock[reported.Item] = new SupplyStock(reported.OnHand, reported.UnderWay);
                return;
            case FromEvacueesRecorded recorded:
                Count(recorded.Events, commit: true);
                return;
            case IFromEvacuee single:
                Count([single], commit: true);
                return;
        }
    }

    /// <summary>What recording <paramref name="events"/> would make of the figures, leaving them as they are.</summary>
    public ShelterTally TallyOf(IReadOnlyList<IFromEvacuee> events) => Count(events, commit: false);

    /// <summary>
    /// The one rule for how evacuee events count: an arrival of someone present changes only whether they are
    /// provisional, a departure of someone absent changes nothing. Changes to presence are kept aside until the end, so
    /// the same walk serves a tally taken before a write and the apply after it.
    /// </summary>
    private ShelterTally Count(IReadOnlyList<IFromEvacuee> events, bool commit)
    {
        var presence = new Dictionary<string, bool?>(StringComparer.Ordinal);
        var seen = new Dictionary<string, DateTimeOffset>(StringComparer.Ordinal);
        var meals = new Dictionary<string, int>(StringComparer.Ordinal);
        var hours = new SortedDictionary<DateTimeOffset, (int Arrivals, int Departures)>();
        var (occupancy, provisional, arrivals, departures, pickups, last) =
            (Occupancy, ProvisionalOccupants, Arrivals, Departures, SupplyPickups, LastSourceOffset);
        var certificateOnly = CertificateOnlyTaps;
        foreach (var e in events)
        {
            bool? present = presence.TryGetValue(e.EvacueeId, out var changed) ? changed : _occupants.TryGetValue(e.EvacueeId, out var p) ? p : null;
            var (arrived, departed) = (0, 0);
            switch (e)
            {
                case OccupantArrived a:
                    occupancy += present is null ? 1 : 0;
                    arrived = present is null && !a.Relinked ? 1 : 0;
                    provisional += (a.Provisional ? 1 : 0) - (present == true ? 1 : 0);
                    presence[e.EvacueeId] = a.Provisional;
                    seen[e.EvacueeId] = e.OccurredAt;
                    break;
                case OccupantLeft left when present is { } was:
                    departed = left.Relinked ? 0 : 1;
                    occupancy--;
                    provisional -= was ? 1 : 0;
                    presence[e.EvacueeId] = null;
                    break;
                case MealCounted meal:
                    Seen(seen, present, e);
                    meals[meal.Period] = (meals.TryGetValue(meal.Period, out var n) ? n : _mealsByPeriod.GetValueOrDefault(meal.Period)) + 1;
                    certificateOnly += meal.CertificateOnly ? 1 : 0;
                    break;
                case MealWithdrawn withdrawn:
                    meals[withdrawn.Period] = Math.Max(0, (meals.TryGetValue(withdrawn.Period, out var had) ? had : _mealsByPeriod.GetValueOrDefault(withdrawn.Period)) - 1);
                    break;
                case SupplyPickupCounted pickup:
                    Seen(seen, present, e);
                    pickups++;
                    certificateOnly += pickup.CertificateOnly ? 1 : 0;
                    break;
            }
            if (arrived + departed > 0)
            {
                var hour = HourCount.HourOf(e.OccurredAt);
                var counted = hours.GetValueOrDefault(hour);
                hours[hour] = (counted.Arrivals + arrived, counted.Departures + departed);
            }
            (arrivals, departures, last) = (arrivals + arrived, departures + departed, Math.Max(last, e.SourceOffset));
        }
        if (commit)
        {
            foreach (var (evacueeId, present) in presence)
            {
                if (present is { } isProvisional)
                {
                    _occupants[evacueeId] = isProvisional;
                }
                else
                {
                    _occupants.Remove(evacueeId);
                    _lastSeen.Remove(evacueeId);
                }
            }
            foreach (var (evacueeId, at) in seen)
            {
                if (_occupants.ContainsKey(evacueeId) && (!_lastSeen.TryGetValue(evacueeId, out var before) || at > before))
                {
                    _lastSeen[evacueeId] = at;
                }
            }
            foreach (var (period, count) in meals)
            {
                _mealsByPeriod[period] = count;
            }
            (ProvisionalOccupants, Arrivals, Departures, SupplyPickups, LastSourceOffset) = (provisional, arrivals, departures, pickups, last);
            CertificateOnlyTaps = certificateOnly;
        }
        return new ShelterTally(occupancy, provisional, arrivals, departures, pickups, last, meals,
            [.. hours.Select(h => new HourCount(h.Key, h.Value.Arrivals, h.Value.Departures))], certificateOnly);
    }

    /// <summary>A tap of someone present (or arriving in this batch) is a sighting.</summary>
    private static void Seen(Dictionary<string, DateTimeOffset> seen, bool? present, IFromEvacuee e)
    {
        if (present is not null && (!seen.TryGetValue(e.EvacueeId, out var before) || e.OccurredAt > before))
        {
            seen[e.EvacueeId] = e.OccurredAt;
        }
    }

    /// <summary>
    /// The roll call: occupants not seen here since <paramref name="quietSince"/> (or never, as far as this shelter's
    /// records go), longest quiet first, at most <paramref name="limit"/>.
    /// </summary>
    public IReadOnlyList<(string EvacueeId, bool Provisional, DateTimeOffset? LastSeen)> RollCall(DateTimeOffset quietSince, int limit) =>
        [.. _occupants.Select(o => (o.Key, o.Value, LastSeen: _lastSeen.TryGetValue(o.Key, out var at) ? at : (DateTimeOffset?)null))
            .Where(o => o.LastSeen is null || o.LastSeen < quietSince)
            .OrderBy(o => o.LastSeen ?? DateTimeOffset.MinValue).ThenBy(o => o.Key, StringComparer.Ordinal).Take(limit)];

    public ShelterSnapshot ToSnapshot() => new(Info, [.. _occupants.Select(o => new ShelterSnapshot.Occupant(o.Key, o.Value,
        _lastSeen.TryGetValue(o.Key, out var seen) ? seen : null))],
        Arrivals, Departures, SupplyPickups, LastSourceOffset, new Dictionary<string, int>(_mealsByPeriod),
        SupplyStock.ByCode(_stock), CertificateOnlyTaps, OpenedAt, ClosedAt);

    public static ShelterState FromSnapshot(ShelterSnapshot s)
    {
        var state = new ShelterState
        {
            Info = s.Info,
            Arrivals = s.Arrivals,
            Departures = s.Departures,
            SupplyPickups = s.SupplyPickups,
            CertificateOnlyTaps = s.CertificateOnlyTaps,
            LastSourceOffset = s.LastSourceOffset,
            OpenedAt = s.OpenedAt,
            ClosedAt = s.ClosedAt,
        };
        foreach (var occupant in s.Occupants)
        {
            state._occupants[occupant.EvacueeId] = occupant.Provisional;
            if (occupant.LastSeen is { } seen)
            {
                state._lastSeen[occupant.EvacueeId] = seen;
            }
            state.ProvisionalOccupants += occupant.Provisional ? 1 : 0;
        }
        foreach (var (period, count) in s.MealsByPeriod)
        {
            state._mealsByPeriod[period] = count;
        }
        foreach (var (item, stock) in SupplyStock.ByItem(s.Stock))
        {
            state._stock[item] = stock;
        }
        return state;
    }
}

public sealed record ShelterSnapshot(ShelterInfo? Info, ShelterSnapshot.Occupant[] Occupants, long Arrivals, long Departures, long SupplyPickups,
    long LastSourceOffset, Dictionary<string, int> MealsByPeriod, Dictionary<string, SupplyStock>? Stock = null, long CertificateOnlyTaps = 0,
    DateTimeOffset? OpenedAt = null, DateTimeOffset? ClosedAt = null)
{
    public sealed record Occupant(string EvacueeId, bool Provisional, DateTimeOffset? LastSeen = null);
}
