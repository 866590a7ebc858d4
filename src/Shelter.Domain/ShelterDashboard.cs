using Shelter.Protocol;

namespace Shelter.Domain;

/// <summary>
/// The dashboard's view of one shelter, built from the shelter's journal events: the figures the shelter entity keeps,
/// without the people behind them, plus arrivals and departures per hour and the time it opened. A batch counts
/// through the tally its entity wrote with it. Batches written before tallies existed are counted from their events
/// through a <see cref="ShelterState"/> (the one place this view knows anyone), kept only until the shelter's first
/// batch with a tally; a journal written by this version never needs it.
/// </summary>
public sealed class ShelterDashboard
{
    public const int TrendHours = 48;

    private readonly SortedDictionary<DateTimeOffset, (int Arrivals, int Departures)> _trend = [];
    private readonly SortedDictionary<DateOnly, (int Arrivals, int Departures)> _days = [];
    private readonly Dictionary<string, int> _mealsByPeriod = new(StringComparer.Ordinal);
    private readonly Dictionary<SupplyItem, SupplyStock> _stock = [];
    private ShelterState? _untallied;

    public ShelterInfo? Info { get; private set; }

    /// <summary>Opened at some time: shown, open or closed.</summary>
    public bool IsListed => Info is not null;

    public DateTimeOffset? OpenedAt { get; private set; }

    /// <summary>The 閉鎖 in force, if the shelter is closed.</summary>
    public DateTimeOffset? ClosedAt { get; private set; }

    public int Occupancy { get; private set; }

    public int ProvisionalOccupants { get; private set; }

    public long Arrivals { get; private set; }

    public long Departures { get; private set; }

    public long SupplyPickups { get; private set; }

    /// <summary>Meals and pickups from the certificate alone, also counted in the meals and pickups.</summary>
    public long CertificateOnlyTaps { get; private set; }

    public long LastSourceOffset { get; private set; }

    public IReadOnlyDictionary<string, int> MealsByPeriod => _mealsByPeriod;

    public IReadOnlyDictionary<SupplyItem, SupplyStock> Stock => _stock;

    public IReadOnlyDictionary<DateTimeOffset, (int Arrivals, int Departures)> Trend => _trend;

    /// <summary>
    /// Arrivals and departures per local day of the shelter (days start at 04:00, as meal days do), for its daily report.
    /// Counted since this version kept them; earlier days are missing.
    /// </summary>
    public IReadOnlyDictionary<DateOnly, (int Arrivals, int Departures)> Days => _days;

    /// <summary>
    /// Occupancy at the end of each hour in <see cref="Trend"/>, oldest first: the occupancy now, less what arrived and
    /// left after that hour. Every change of occupancy is one arrival or one departure in the hour it occurred, so the
    /// series ends at <see cref="Occupancy"/> and holds for taps that arrive late (offline readers) as well.
    /// </summary>
    public IReadOnlyList<(DateTimeOffset Hour, int Occupancy)> OccupancyByHour()
    {
        var result = new (DateTimeOffset Hour, int Occupancy)[_trend.Count];
        var occupancy = Occupancy;
        var i = _trend.Count;
        foreach (var (hour, (arrivals, departures)) in _trend.Reverse())
        {
            result[--i] = (hour, occupancy);
            occupancy -= arrivals - departures;
        }
        return result;
    }

    /// <summary>Whether this view still counts untallied batches from their events, and so holds evacuee IDs.</summary>
    public bool KnowsOccupants => _untallied is not null;

    public void Apply(IShelterEvent e, DateTimeOffset recordedAt)
    {
        switch (e)
        {
            case ShelterOpened opened:
                if (Info is null || ClosedAt is not null)
                {
                    (OpenedAt, ClosedAt) = (opened.At ?? recordedAt, null);
                }
                Info = opened.Info;
                break;
            case ShelterClosed closed:
                ClosedAt = closed.At;
                break;
            case SupplyStockReported reported:
                _stock[reported.Item] = new SupplyStock(reported.OnHand, reported.UnderWay);
                break;
            case FromEvacueesRecorded { Tally: { } tally }:
                _untallied = null;
                Take(tally);
                break;
            case FromEvacueesRecorded untallied:
                _untallied ??= new ShelterState();
                var counted = _untallied.TallyOf(untallied.Events);
                _untallied.Apply(untallied);
                Take(counted);
                break;
        }
    }

    public IReadOnlyList<SupplyNeed> Needs(SupplyRates rates, DateTimeOffset now) =>
        SupplyNeeds.For(Occupancy, OpenedAt is { } opened ? (now - opened).TotalDays : 0, rates, Stock);

    /// <summary>Alerts in force: capacity at 80 % and 100 %, and any item short within the horizon.</summary>
    public IReadOnlyList<string> Alerts(SupplyRates rates, DateTimeOffset now)
    {
        var alerts = new List<string>();
        switch (Crowdings.Of(Occupancy, Info?.Capacity ?? 0))
        {
            case Crowding.Full:
                alerts.Add("capacity-100");
                break;
            case Crowding.Crowded:
                alerts.Add("capacity-80");
                break;
        }
        alerts.AddRange(Needs(rates, now).Where(n => n.Shortage > 0).Select(n => "shortage:" + n.Item.Code()));
        return alerts;
    }

    /// <summary>The figures; with <paramref name="withOccupants"/>, also the untallied state, for the projection's own snapshot only.</summary>
    public DashboardSnapshot ToSnapshot(bool withOccupants = false) => new(Info, OpenedAt, Occupancy, ProvisionalOccupants, Arrivals, Departures,
        SupplyPickups, LastSourceOffset, new Dictionary<string, int>(_mealsByPeriod), SupplyStock.ByCode(_stock),
        [.. _trend.Select(t => new HourCount(t.Key, t.Value.Arrivals, t.Value.Departures))], withOccupants ? _untallied?.ToSnapshot() : null,
        CertificateOnlyTaps, ClosedAt, [.. _days.Select(d => new DayCount(d.Key, d.Value.Arrivals, d.Value.Departures))]);

    /// <summary>
    /// Restores figures. A snapshot written before tallies existed has only a state (no <see cref="DashboardSnapshot.Info"/>)
    /// and takes every figure from it; any state restored goes on counting untallied batches.
    /// </summary>
    public static ShelterDashboard FromSnapshot(DashboardSnapshot snapshot)
    {
        var dashboard = new ShelterDashboard { OpenedAt = snapshot.OpenedAt, ClosedAt = snapshot.ClosedAt };
        foreach (var hour in snapshot.Trend)
        {
            dashboard._trend[hour.Start] = (hour.Arrivals, hour.Departures);
        }
        foreach (var day in snapshot.Days ?? [])
        {
            dashboard._days[day.Day] = (day.Arrivals, day.Departures);
        }
        dashboard._untallied = snapshot.State is { } untallied ? ShelterState.FromSnapshot(untallied) : null;
        if (snapshot.Info is null && dashboard._untallied is { } state)
        {
            dashboard.Info = state.Info;
            dashboard.Take(state.TallyOf([]));
            dashboard.Restore(state.MealsByPeriod, snapshot.State!.Stock);
            return dashboard;
        }
        dashboard.Info = snapshot.Info;
        (dashboard.Occupancy, dashboard.ProvisionalOccupants, dashboard.Arrivals, dashboard.Departures, dashboard.SupplyPickups, dashboard.LastSourceOffset) =
            (snapshot.Occupancy, snapshot.ProvisionalOccupants, snapshot.Arrivals, snapshot.Departures, snapshot.SupplyPickups, snapshot.LastSourceOffset);
        dashboard.CertificateOnlyTaps = snapshot.CertificateOnlyTaps;
        dashboard.Restore(snapshot.MealsByPeriod ?? [], snapshot.Stock);
        return dashboard;
    }

    private void Restore(IReadOnlyDictionary<string, int> meals, IReadOnlyDictionary<string, SupplyStock>? stock)
    {
        foreach (var (period, count) in meals)
        {
            _mealsByPeriod[period] = count;
        }
        foreach (var (item, onHand) in SupplyStock.ByItem(stock))
        {
            _stock[item] = onHand;
        }
    }

    private void Take(ShelterTally tally)
    {
        (Occupancy, ProvisionalOccupants, Arrivals, Departures, SupplyPickups, LastSourceOffset) =
            (tally.Occupancy, tally.ProvisionalOccupants, tally.Arrivals, tally.Departures, tally.SupplyPickups, tally.LastSourceOffset);
        CertificateOnlyTaps = tally.CertificateOnlyTaps;
        foreach (var (period, count) in tally.Meals)
        {
            _mealsByPeriod[period] = count;
        }
        var zone = ShelterTimeZone.Resolve(Info?.TimeZone ?? ShelterTimeZone.Default);
        foreach (var hour in tally.Hours)
        {
            var current = _trend.GetValueOrDefault(hour.Start);
            _trend[hour.Start] = (current.Arrivals + hour.Arrivals, current.Departures + hour.Departures);
            var day = MealPeriod.LocalDay(hour.Start, zone);
            var counted = _days.GetValueOrDefault(day);
            _days[day] = (counted.Arrivals + hour.Arrivals, counted.Departures + hour.Departures);
        }
        while (_trend.Count > TrendHours)
        {
            _trend.Remove(_trend.Keys.First());
        }
    }
}

/// <summary>
/// One shelter's dashboard figures. <paramref name="State"/> is set only in the projection's own snapshot of a shelter
/// still counted from untallied batches; snapshots written before tallies existed had only it, with the opening time
/// and the trend.
/// </summary>
public sealed record DashboardSnapshot(
    ShelterInfo? Info,
    DateTimeOffset? OpenedAt,
    int Occupancy,
    int ProvisionalOccupants,
    long Arrivals,
    long Departures,
    long SupplyPickups,
    long LastSourceOffset,
    Dictionary<string, int>? MealsByPeriod,
    Dictionary<string, SupplyStock>? Stock,
    HourCount[] Trend,
    ShelterSnapshot? State = null,
    long CertificateOnlyTaps = 0,
    DateTimeOffset? ClosedAt = null,
    DayCount[]? Days = null);

/// <summary>Arrivals and departures on one local day of a shelter.</summary>
public sealed record DayCount(DateOnly Day, int Arrivals, int Departures);
