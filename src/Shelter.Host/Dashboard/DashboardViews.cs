using Shelter.Actors;
using Shelter.Domain;
using Shelter.Protocol;

namespace Shelter.Host.Dashboard;

/// <summary>One hour (UTC start): arrivals and departures in it, and the occupancy at its end.</summary>
public sealed record TrendPoint(DateTimeOffset Hour, int Arrivals, int Departures, int Occupancy);

public sealed record NeedView(string Item, long Needed, long OnHand, long UnderWay, long Shortage);

/// <summary>
/// One shelter as the dashboard shows it: aggregates only, never a person. <see cref="CertificateOnlyTaps"/> are the meals
/// and pickups made from the certificate alone (lower assurance), counted in the meals and pickups as well.
/// <see cref="Capacity"/> is 0 when not known; <see cref="Crowding"/> is <c>vacant</c>, <c>crowded</c>, <c>full</c> or
/// <c>unknown</c>; <see cref="Status"/> is <c>open</c> or <c>closed</c>.
/// </summary>
public sealed record ShelterDashboardView(
    string Id,
    string Name,
    string Municipality,
    int Capacity,
    int Occupancy,
    int ProvisionalOccupants,
    long Arrivals,
    long Departures,
    string LocalDay,
    Api.MealsToday MealsToday,
    TrendPoint[] Trend,
    NeedView[] Needs,
    string[] Alerts,
    bool AllowCertificateOnly,
    long CertificateOnlyTaps,
    string Crowding,
    string Status,
    DateTimeOffset? OpenedAt,
    DateTimeOffset? ClosedAt,
    double? Latitude,
    double? Longitude);

public sealed record MunicipalityDashboardView(string Municipality, int Shelters, int Capacity, int Occupancy, int ProvisionalOccupants,
    long Arrivals, long Departures, Api.MealsToday MealsToday, int Alerts);

/// <summary>
/// What the page draws its map from: the bundled prefecture outline (GeoJSON, on this host) and, only when the deployment
/// configured one, a tile server URL template with its credit.
/// </summary>
public sealed record MapSettings(string OutlineUrl, string? TileUrl, string? TileAttribution)
{
    public const string Outline = "/lib/map/japan-prefectures.json";
}

public sealed record DashboardView(ShelterDashboardView[] Shelters, MunicipalityDashboardView[] Municipalities, DateTimeOffset At);

/// <summary>An alert that appeared or cleared.</summary>
public sealed record AlertChange(string ShelterId, string ShelterName, string Municipality, string Alert, bool Active, DateTimeOffset At);

public static class DashboardViews
{
    public static ShelterDashboardView Shelter(DashboardSnapshot figures, SupplyRates rates, DateTimeOffset now)
    {
        var dashboard = ShelterDashboard.FromSnapshot(figures);
        var info = dashboard.Info!;
        var (day, meals) = Api.MealsToday.At(dashboard.MealsByPeriod, info.TimeZone, now);
        var occupancy = dashboard.OccupancyByHour();
        return new ShelterDashboardView(info.Id, info.Name, info.Municipality, info.Capacity, dashboard.Occupancy, dashboard.ProvisionalOccupants,
            dashboard.Arrivals, dashboard.Departures, day, meals,
            [.. dashboard.Trend.Select((t, i) => new TrendPoint(t.Key, t.Value.Arrivals, t.Value.Departures, occupancy[i].Occupancy))],
            [.. dashboard.Needs(rates, now).Select(n => new NeedView(n.Item.Code(), n.Needed, n.OnHand, n.UnderWay, n.Shortage))],
            [.. dashboard.Alerts(rates, now)], info.AllowCertificateOnly, dashboard.CertificateOnlyTaps,
            Crowdings.Of(dashboard.Occupancy, info.Capacity).Code(), dashboard.ClosedAt is null ? "open" : "closed", dashboard.OpenedAt, dashboard.ClosedAt,
            info.Location?.Latitude, info.Location?.Longitude);
    }

    /// <summary>Municipal totals: the sum over the municipality's shelters (invariant 6).</summary>
    public static MunicipalityDashboardView[] Municipalities(IEnumerable<ShelterDashboardView> shelters) =>
    [
        .. shelters.GroupBy(s => s.Municipality).OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => new MunicipalityDashboardView(
            g.Key, g.Count(), g.Sum(s => s.Capacity), g.Sum(s => s.Occupancy), g.Sum(s => s.ProvisionalOccupants), g.Sum(s => s.Arrivals),
            g.Sum(s => s.Departures),
            new Api.MealsToday(g.Sum(s => s.MealsToday.Breakfast), g.Sum(s => s.MealsToday.Lunch), g.Sum(s => s.MealsToday.Dinner)),
            g.Sum(s => s.Alerts.Length))),
    ];
}
