using Shelter.Protocol;

namespace Shelter.Domain;

/// <summary>
/// The dashboard's view of one shelter, built from the shelter's journal events: the same figures the shelter entity
/// keeps (so they can be compared), plus arrivals and departures per hour and the time it opened.
/// </summary>
public sealed class ShelterDashboard
{
    public const int TrendHours = 48;

    private readonly SortedDictionary<DateTimeOffset, (int Arrivals, int Departures)> _trend = [];

    public ShelterState State { get; private set; } = new();

    public DateTimeOffset? OpenedAt { get; private set; }

    public IReadOnlyDictionary<DateTimeOffset, (int Arrivals, int Departures)> Trend => _trend;

    public void Apply(IShelterEvent e, DateTimeOffset recordedAt)
    {
        if (e is ShelterOpened)
        {
            OpenedAt ??= recordedAt;
        }
        if (e is FromEvacueesRecorded recorded)
        {
            foreach (var inner in recorded.Events)
            {
                var arrivals = State.Arrivals;
                var departures = State.Departures;
                State.Apply(inner);
                Count(inner.OccurredAt, (int)(State.Arrivals - arrivals), (int)(State.Departures - departures));
            }
            return;
        }
        State.Apply(e);
    }

    public IReadOnlyList<SupplyNeed> Needs(SupplyRates rates, DateTimeOffset now) =>
        SupplyNeeds.For(State.Occupancy, OpenedAt is { } opened ? (now - opened).TotalDays : 0, rates, State.Stock);

    /// <summary>Alerts in force: capacity at 80 % and 100 %, and any item short within the horizon.</summary>
    public IReadOnlyList<string> Alerts(SupplyRates rates, DateTimeOffset now)
    {
        var alerts = new List<string>();
        if (State.Info is { Capacity: > 0 } info)
        {
            var ratio = State.Occupancy / (double)info.Capacity;
            if (ratio >= 1)
            {
                alerts.Add("capacity-100");
            }
            else if (ratio >= 0.8)
            {
                alerts.Add("capacity-80");
            }
        }
        alerts.AddRange(Needs(rates, now).Where(n => n.Shortage > 0).Select(n => "shortage:" + n.Item.Code()));
        return alerts;
    }

    public DashboardSnapshot ToSnapshot() => new(State.ToSnapshot(), OpenedAt, [.. _trend.Select(t => new DashboardSnapshot.Hour(t.Key, t.Value.Arrivals, t.Value.Departures))]);

    public static ShelterDashboard FromSnapshot(DashboardSnapshot snapshot)
    {
        var dashboard = new ShelterDashboard { State = ShelterState.FromSnapshot(snapshot.State), OpenedAt = snapshot.OpenedAt };
        foreach (var hour in snapshot.Trend)
        {
            dashboard._trend[hour.Start] = (hour.Arrivals, hour.Departures);
        }
        return dashboard;
    }

    private void Count(DateTimeOffset at, int arrivals, int departures)
    {
        if (arrivals == 0 && departures == 0)
        {
            return;
        }
        var hour = new DateTimeOffset(at.UtcDateTime.Year, at.UtcDateTime.Month, at.UtcDateTime.Day, at.UtcDateTime.Hour, 0, 0, TimeSpan.Zero);
        var current = _trend.GetValueOrDefault(hour);
        _trend[hour] = (current.Arrivals + arrivals, current.Departures + departures);
        while (_trend.Count > TrendHours)
        {
            _trend.Remove(_trend.Keys.First());
        }
    }
}

public sealed record DashboardSnapshot(ShelterSnapshot State, DateTimeOffset? OpenedAt, DashboardSnapshot.Hour[] Trend)
{
    public sealed record Hour(DateTimeOffset Start, int Arrivals, int Departures);
}
