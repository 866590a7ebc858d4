using Shelter.Domain;
using Shelter.Registry;

namespace Shelter.Host.Reports;

/// <summary>
/// Shelter status in the shape of L-Alert's 避難所情報 (pcx_sh), for the municipality to submit upward. Provisional: the
/// fields follow the element list LGDIS (2013) sends; the current L-Alert schema is not public and is to be confirmed.
/// Counts Shelter does not record (self-evacuated people, households until the desk records them) are null.
/// </summary>
public sealed record ShelterStatusReport(
    bool Provisional,
    string Schema,
    string? DisasterName,
    string? Municipality,
    DateTimeOffset CheckedAt,
    StatusTotals Totals,
    ShelterStatusRow[] Shelters);

/// <summary>The header: TotalNumberOfShelter (open shelters), HeadCount, HeadCountVoluntary, Households, HouseholdsVoluntary.</summary>
public sealed record StatusTotals(int TotalNumberOfShelter, int HeadCount, int? HeadCountVoluntary, int? Households, int? HouseholdsVoluntary);

/// <summary>
/// One shelter: Location (name, address, coordinates), Type, Sort with its DateTime, Capacity, Status, NumberOf
/// (HeadCount, HeadCountVoluntary, Households, HouseholdsVoluntary) and CheckedDateTime.
/// </summary>
public sealed record ShelterStatusRow(
    string Id,
    string Name,
    string Municipality,
    string? Address,
    double? Latitude,
    double? Longitude,
    string Type,
    string Sort,
    DateTimeOffset? SortChangedAt,
    int? Capacity,
    string? Status,
    int? HeadCount,
    int? HeadCountVoluntary,
    int? Households,
    int? HouseholdsVoluntary,
    DateTimeOffset CheckedAt);

public static class StatusReports
{
    public const string Schema = "L-Alert 避難所情報 (pcx_sh) — provisional: element list as LGDIS sends it, to be confirmed against the current L-Alert schema";

    /// <summary>
    /// Rows for the registry's places and for shelters opened outside it (臨時避難所), in municipality and ID order.
    /// <paramref name="figures"/> are the opened shelters' figures; a place never opened has none (未開設).
    /// </summary>
    public static ShelterStatusReport Build(IEnumerable<RegistryPlace> places, IEnumerable<DashboardSnapshot> figures, string? municipality, string? disasterName,
        DateTimeOffset checkedAt)
    {
        var opened = figures.Where(f => f.Info is not null).ToDictionary(f => f.Info!.Id, StringComparer.Ordinal);
        var rows = new List<ShelterStatusRow>();
        var inRegistry = new HashSet<string>(StringComparer.Ordinal);
        foreach (var place in places)
        {
            inRegistry.Add(place.Id);
            rows.Add(Row(place.Id, place.Name, place.Municipality, place.Address, place.Latitude, place.Longitude, TypeOf(place),
                opened.GetValueOrDefault(place.Id), place.Capacity, checkedAt));
        }
        foreach (var (id, figure) in opened.Where(o => !inRegistry.Contains(o.Key) && (municipality is null || o.Value.Info!.Municipality == municipality)))
        {
            var info = figure.Info!;
            rows.Add(Row(id, info.Name, info.Municipality, null, info.Location?.Latitude, info.Location?.Longitude, "臨時避難所", figure, null, checkedAt));
        }
        rows.Sort((a, b) => (a.Municipality, a.Id).CompareTo((b.Municipality, b.Id)));
        var open = rows.Where(r => r.Sort == "開設").ToList();
        return new ShelterStatusReport(true, Schema, disasterName, municipality, checkedAt,
            new StatusTotals(open.Count, open.Sum(r => r.HeadCount ?? 0), null, null, null), [.. rows]);
    }

    /// <summary>L-Alert's Type: 福祉避難所, 避難所を兼ねる避難場所, 避難所, or 一時避難場所 for an emergency site.</summary>
    public static string TypeOf(RegistryPlace place) => place switch
    {
        { DesignatedShelter: true, Welfare: true } => "福祉避難所",
        { DesignatedShelter: true, EmergencySite: true } => "避難所を兼ねる避難場所",
        { DesignatedShelter: true } => "避難所",
        _ => "一時避難場所",
    };

    private static ShelterStatusRow Row(string id, string name, string municipality, string? address, double? latitude, double? longitude, string type,
        DashboardSnapshot? figure, int? registryCapacity, DateTimeOffset checkedAt)
    {
        if (figure?.Info is not { } info)
        {
            return new ShelterStatusRow(id, name, municipality, address, latitude, longitude, type, "未開設", null, registryCapacity, null, null, null, null, null, checkedAt);
        }
        var dashboard = ShelterDashboard.FromSnapshot(figure);
        var closed = dashboard.ClosedAt is not null;
        var capacity = info.Capacity > 0 ? info.Capacity : (int?)null;
        return new ShelterStatusRow(id, info.Name, info.Municipality, address, latitude ?? info.Location?.Latitude, longitude ?? info.Location?.Longitude, type,
            closed ? "閉鎖" : "開設", closed ? dashboard.ClosedAt : dashboard.OpenedAt, capacity,
            closed ? null : Crowdings.Of(dashboard.Occupancy, info.Capacity).Japanese(), closed ? null : dashboard.Occupancy, null, null, null, checkedAt);
    }
}
