namespace Shelter.Domain;

/// <summary>
/// A shelter's figures after a batch of evacuee events, worked out by the shelter entity, which alone knows who is
/// present: what lets the read side keep figures without keeping anyone. Meal totals are those of the periods the
/// batch counted in; <see cref="Hours"/> are the batch's own arrivals and departures by the hour they happened;
/// <see cref="CertificateOnlyTaps"/> counts meals and pickups from the certificate alone (within the meals and pickups).
/// </summary>
public sealed record ShelterTally(
    int Occupancy,
    int ProvisionalOccupants,
    long Arrivals,
    long Departures,
    long SupplyPickups,
    long LastSourceOffset,
    Dictionary<string, int> Meals,
    HourCount[] Hours,
    long CertificateOnlyTaps = 0);

/// <summary>Arrivals and departures in the hour (UTC) that starts at <paramref name="Start"/>.</summary>
public sealed record HourCount(DateTimeOffset Start, int Arrivals, int Departures)
{
    public static DateTimeOffset HourOf(DateTimeOffset at) =>
        new(at.UtcDateTime.Year, at.UtcDateTime.Month, at.UtcDateTime.Day, at.UtcDateTime.Hour, 0, 0, TimeSpan.Zero);
}
