using Shelter.Protocol;

namespace Shelter.Domain;

/// <summary>
/// A shelter's figures. Occupancy is the size of a set of evacuee IDs, so an evacuee is never counted twice here; that
/// an evacuee is in at most one shelter's set is the evacuee entity's rule, carried here by its events.
/// </summary>
public sealed class ShelterState
{
    private readonly Dictionary<string, bool> _occupants = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _mealsByPeriod = new(StringComparer.Ordinal);
    private readonly Dictionary<SupplyItem, SupplyStock> _stock = [];

    public ShelterInfo? Info { get; private set; }

    public bool IsOpen => Info is not null;

    public int Occupancy => _occupants.Count;

    public int ProvisionalOccupants { get; private set; }

    public long Arrivals { get; private set; }

    public long Departures { get; private set; }

    public long SupplyPickups { get; private set; }

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
                Info = opened.Info;
                return;
            case SupplyStockReported reported:
                _stock[reported.Item] = new SupplyStock(reported.OnHand, reported.UnderWay);
                return;
            case FromEvacueesRecorded recorded:
                foreach (var inner in recorded.Events)
                {
                    Apply(inner);
                }
                return;
            case OccupantArrived arrived:
                if (_occupants.TryGetValue(arrived.EvacueeId, out var wasProvisional))
                {
                    ProvisionalOccupants += (arrived.Provisional ? 1 : 0) - (wasProvisional ? 1 : 0);
                }
                else
                {
                    Arrivals++;
                    ProvisionalOccupants += arrived.Provisional ? 1 : 0;
                }
                _occupants[arrived.EvacueeId] = arrived.Provisional;
                break;
            case OccupantLeft left:
                if (_occupants.Remove(left.EvacueeId, out var provisional))
                {
                    Departures++;
                    ProvisionalOccupants -= provisional ? 1 : 0;
                }
                break;
            case MealCounted meal:
                _mealsByPeriod[meal.Period] = _mealsByPeriod.GetValueOrDefault(meal.Period) + 1;
                break;
            case SupplyPickupCounted:
                SupplyPickups++;
                break;
        }
        if (e is IFromEvacuee fromEvacuee && fromEvacuee.SourceOffset > LastSourceOffset)
        {
            LastSourceOffset = fromEvacuee.SourceOffset;
        }
    }

    public ShelterSnapshot ToSnapshot() => new(Info, [.. _occupants.Select(o => new ShelterSnapshot.Occupant(o.Key, o.Value))],
        Arrivals, Departures, SupplyPickups, LastSourceOffset, new Dictionary<string, int>(_mealsByPeriod),
        _stock.ToDictionary(kv => kv.Key.Code(), kv => kv.Value));

    public static ShelterState FromSnapshot(ShelterSnapshot s)
    {
        var state = new ShelterState
        {
            Info = s.Info,
            Arrivals = s.Arrivals,
            Departures = s.Departures,
            SupplyPickups = s.SupplyPickups,
            LastSourceOffset = s.LastSourceOffset,
        };
        foreach (var occupant in s.Occupants)
        {
            state._occupants[occupant.EvacueeId] = occupant.Provisional;
            state.ProvisionalOccupants += occupant.Provisional ? 1 : 0;
        }
        foreach (var (period, count) in s.MealsByPeriod)
        {
            state._mealsByPeriod[period] = count;
        }
        foreach (var (code, stock) in s.Stock ?? [])
        {
            if (WireCodes.TryParse(code, out SupplyItem item))
            {
                state._stock[item] = stock;
            }
        }
        return state;
    }
}

public sealed record ShelterSnapshot(ShelterInfo? Info, ShelterSnapshot.Occupant[] Occupants, long Arrivals, long Departures, long SupplyPickups,
    long LastSourceOffset, Dictionary<string, int> MealsByPeriod, Dictionary<string, SupplyStock>? Stock = null)
{
    public sealed record Occupant(string EvacueeId, bool Provisional);
}
