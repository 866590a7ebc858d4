namespace Shelter.Registry;

/// <summary>One readable row of a registry file: a place of one kind, keyed by <paramref name="ExternalId"/>.</summary>
public sealed record RegistryRow(
    int Line,
    PlaceKind Kind,
    string ExternalId,
    string Municipality,
    string MunicipalityName,
    string Name,
    string Address,
    double? Latitude,
    double? Longitude,
    int? Capacity,
    bool SameAddressAsOtherKind,
    bool Welfare,
    IReadOnlyList<string> Hazards,
    string Note);

/// <summary>A row the registry cannot read, with the file's line number, a reason code and a sentence for the person fixing the file.</summary>
public sealed record RowProblem(int Line, string Reason, string Message);
