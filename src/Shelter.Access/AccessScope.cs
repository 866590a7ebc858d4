namespace Shelter.Access;

/// <summary>
/// How far a token reaches: everything (no municipality, no shelter), one municipality, one shelter, or for a reader
/// one shelter and its own reader ID.
/// </summary>
public sealed record AccessScope(string? Municipality = null, string? ShelterId = null, string? ReaderId = null)
{
    public static readonly AccessScope Everything = new();

    public bool IsEverything => Municipality is null && ShelterId is null;

    /// <summary>Whether a shelter of <paramref name="municipality"/> lies inside this scope.</summary>
    public bool Covers(string shelterId, string municipality) =>
        ShelterId is not null ? string.Equals(ShelterId, shelterId, StringComparison.Ordinal)
        : Municipality is null || string.Equals(Municipality, municipality, StringComparison.Ordinal);

    /// <summary>Whether all of <paramref name="municipality"/> lies inside this scope (a shelter scope never does).</summary>
    public bool CoversMunicipality(string municipality) =>
        ShelterId is null && (Municipality is null || string.Equals(Municipality, municipality, StringComparison.Ordinal));

    public override string ToString() => this switch
    {
        { ReaderId: { } reader } => $"shelter:{ShelterId}/reader:{reader}",
        { ShelterId: { } shelter } => "shelter:" + shelter,
        { Municipality: { } municipality } => "municipality:" + municipality,
        _ => "all",
    };
}
