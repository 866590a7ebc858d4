using Shelter.Registry;

namespace Shelter.Host.Api;

/// <summary>
/// A registry place. <paramref name="Kind"/>: <c>shelter</c> (指定避難所), <c>emergency-site</c> (指定緊急避難場所) or
/// <c>both</c> (merged at one address). <paramref name="Status"/>: <c>not-opened</c>, <c>open</c> or <c>closed</c>.
/// <paramref name="Capacity"/> is null when not known.
/// </summary>
public sealed record PlaceView(
    string Id,
    string Municipality,
    string MunicipalityName,
    string Name,
    string Address,
    double? Latitude,
    double? Longitude,
    int? Capacity,
    string Kind,
    bool Welfare,
    string[] Hazards,
    string[] ExternalIds,
    string Note,
    string Status,
    DateTimeOffset? OpenedAt,
    DateTimeOffset? ClosedAt)
{
    public static PlaceView Of(RegistryPlace p) => new(p.Id, p.Municipality, p.MunicipalityName, p.Name, p.Address, p.Latitude, p.Longitude, p.Capacity,
        KindOf(p), p.Welfare, [.. p.Hazards], [.. p.ExternalIds], p.Note, StatusOf(p.Status), p.OpenedAt, p.ClosedAt);

    public static string KindOf(RegistryPlace p) => (p.DesignatedShelter, p.EmergencySite) switch
    {
        (true, true) => "both",
        (true, false) => "shelter",
        _ => "emergency-site",
    };

    public static string StatusOf(PlaceStatus status) => status switch
    {
        PlaceStatus.Open => "open",
        PlaceStatus.Closed => "closed",
        _ => "not-opened",
    };
}

/// <summary>A page of places in ID order; <paramref name="Next"/> is the <c>after</c> of the next page, null on the last.</summary>
public sealed record PlacePage(PlaceView[] Places, string? Next);

/// <summary>
/// 開設 of a registry place. <paramref name="At"/>: when (now when absent). <paramref name="Capacity"/>: sets the place's
/// capacity (otherwise the registry's, or unknown). <paramref name="EvenIfNotDesignated"/>: open an emergency site that is not a designated shelter.
/// </summary>
public sealed record OpenPlaceRequest(DateTimeOffset? At = null, int? Capacity = null, string? TimeZone = null, bool? AllowCertificateOnly = null,
    bool? EvenIfNotDesignated = null, bool? AllowWalkIns = null);

/// <summary>閉鎖 of an open shelter at <paramref name="At"/> (now when absent).</summary>
public sealed record ClosePlaceRequest(DateTimeOffset? At = null);

public sealed record PlaceCapacityRequest(int? Capacity);
