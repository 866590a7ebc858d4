namespace Shelter.Domain;

/// <summary>
/// What a municipality says about a shelter when it opens it. <paramref name="Capacity"/> is 0 when it is not known yet
/// (a registry place without 想定収容人数): crowding is then 不明. <paramref name="AllowCertificateOnly"/> is its tap policy:
/// meals and supply pickups may be made from the certificate alone, without a signature (off: signatures everywhere).
/// <paramref name="Location"/> is where the map draws it (from the registry, or given when opened), if known.
/// <paramref name="AllowWalkIns"/>: temporary cards the desk did not issue are taken (flagged for the desk), not refused.
/// </summary>
public sealed record ShelterInfo(string Id, string Name, int Capacity, string Municipality, string TimeZone, bool AllowCertificateOnly = false,
    Location? Location = null, bool AllowWalkIns = false)
{
    public const int UnknownCapacity = 0;

    public const int MaxCapacity = 1_000_000;

    /// <summary>A capacity a municipality may give: a whole number of people from 1 to <see cref="MaxCapacity"/>.</summary>
    public static bool IsValidCapacity(int? capacity) => capacity is > 0 and <= MaxCapacity;

    /// <summary>Whether <paramref name="other"/> is this shelter with only what may change while it is open changed: its capacity and tap policy.</summary>
    public bool IsAdjustedBy(ShelterInfo other) =>
        other != this && other with { AllowCertificateOnly = AllowCertificateOnly, Capacity = Capacity, AllowWalkIns = AllowWalkIns } == this;
}
