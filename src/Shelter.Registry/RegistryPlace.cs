namespace Shelter.Registry;

/// <summary>
/// A place in the municipality's registry. <paramref name="Id"/> is the shelter ID it opens as (from its first external
/// key, never changed); <paramref name="ExternalIds"/> are the GSI 共通ID or ODF IDs it was read from, one per kind when a
/// shelter and an emergency site at one address were merged. <paramref name="Capacity"/> is null when no file gave one and
/// the municipality has not set it. <paramref name="OpenedAt"/> and <paramref name="ClosedAt"/> are the last 開設 and 閉鎖.
/// </summary>
public sealed record RegistryPlace(
    string Id,
    string Municipality,
    string MunicipalityName,
    string Name,
    string Address,
    double? Latitude,
    double? Longitude,
    int? Capacity,
    bool DesignatedShelter,
    bool EmergencySite,
    bool Welfare,
    IReadOnlyList<string> Hazards,
    IReadOnlyList<string> ExternalIds,
    string Note,
    DateTimeOffset? OpenedAt = null,
    DateTimeOffset? ClosedAt = null)
{
    public PlaceStatus Status => OpenedAt is null ? PlaceStatus.NotOpened : ClosedAt is { } closed && closed >= OpenedAt ? PlaceStatus.Closed : PlaceStatus.Open;
}

public enum PlaceStatus
{
    NotOpened,
    Open,
    Closed,
}
