namespace Shelter.Host.Api;

/// <summary>
/// Opens a shelter; <paramref name="AllowCertificateOnly"/> is its tap policy (certificate-only meals and pickups; default off);
/// <paramref name="Latitude"/> and <paramref name="Longitude"/> (both or neither) place it on the map; <paramref name="AllowWalkIns"/>:
/// temporary cards the desk did not issue are taken and flagged (default off: refused <c>unknown-card</c>).
/// </summary>
public sealed record OpenShelterRequest(string? Id, string? Name, int? Capacity, string? Municipality, string? TimeZone, bool? AllowCertificateOnly = null,
    double? Latitude = null, double? Longitude = null, bool? AllowWalkIns = null);

public sealed record RegisterReaderRequest(string? ReaderId);

public sealed record MealsToday(int Breakfast, int Lunch, int Dinner)
{
    /// <summary>The shelter's local day at <paramref name="now"/> (days start at 04:00) and the meals served in its three periods.</summary>
    public static (string LocalDay, MealsToday Meals) At(IReadOnlyDictionary<string, int> mealsByPeriod, string timeZone, DateTimeOffset now)
    {
        var day = Shelter.Domain.MealPeriod.LocalDay(now, Shelter.Domain.ShelterTimeZone.Resolve(timeZone));
        int Served(Shelter.Domain.MealKind kind) => mealsByPeriod.GetValueOrDefault(new Shelter.Domain.MealPeriod(day, kind).Key);
        return (day.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
            new MealsToday(Served(Shelter.Domain.MealKind.Breakfast), Served(Shelter.Domain.MealKind.Lunch), Served(Shelter.Domain.MealKind.Dinner)));
    }
}

/// <summary>
/// A shelter's figures. <paramref name="Capacity"/> is null when not known (crowding 不明). <paramref name="Status"/> is
/// <c>open</c> or <c>closed</c>; <paramref name="OpenedAt"/> is the 開設 in force (null for shelters opened before
/// opening times were kept), <paramref name="ClosedAt"/> the 閉鎖 when closed.
/// </summary>
public sealed record ShelterView(
    string Id,
    string Name,
    int? Capacity,
    string Municipality,
    string TimeZone,
    int Occupancy,
    int ProvisionalOccupants,
    long Arrivals,
    long Departures,
    long SupplyPickups,
    string LocalDay,
    MealsToday MealsToday,
    IReadOnlyDictionary<string, int> MealsByPeriod,
    bool AllowCertificateOnly,
    long CertificateOnlyTaps,
    string Status,
    DateTimeOffset? OpenedAt,
    DateTimeOffset? ClosedAt,
    double? Latitude,
    double? Longitude,
    bool AllowWalkIns = false);

public sealed record MunicipalityTotals(int Shelters, int Capacity, int Occupancy, int ProvisionalOccupants, long Arrivals, long Departures, MealsToday MealsToday);

public sealed record MunicipalityView(string Municipality, MunicipalityTotals Totals, ShelterView[] Shelters);

/// <summary>
/// An evacuee for the desk. <paramref name="SupersededMoves"/> are check-ins and check-outs from a reader's backlog that
/// happened before a later move of this person and so changed nothing (reader protocol, "Taps in the order they happened").
/// <paramref name="FlaggedTaps"/> are taps that stand but that the desk should look at (an offline tap made before its
/// card was revoked or put on hold).
/// </summary>
public sealed record EvacueeView(string EvacueeId, string? CurrentShelterId, bool Provisional, string[] MealsServed, SupersededMoveView[] SupersededMoves,
    FlaggedTapView[] FlaggedTaps, DateTimeOffset? LastMoveAt = null, string? PersonId = null, string[]? Credentials = null, RecentTapView[]? RecentTaps = null);

/// <summary>A credential shown at the desk: a certificate (base64 DER) with its JPKI kind, or a temporary card's ID.</summary>
public sealed record CredentialLookupRequest(string? Kind, string? Certificate, string? CardId);

/// <summary>Link the provisional evacuee <paramref name="EvacueeId"/> to a person; <paramref name="Confirmation"/> comes from the preview.</summary>
public sealed record LinkCredentialRequest(string? EvacueeId, string? Confirmation);

/// <summary>What the desk confirms before a link: the evacuee as it stands, and the confirmation to send back before <paramref name="ConfirmBy"/>.</summary>
public sealed record LinkPreview(string PersonId, EvacueeView Evacuee, string Confirmation, DateTimeOffset ConfirmBy);

/// <summary>A credential linked to (or unlinked from) a person.</summary>
public sealed record LinkView(string PersonId, string EvacueeId, bool Linked);

/// <summary>A tap that stands with a flag: <paramref name="Flag"/> is its code, <paramref name="Since"/> when the revocation or hold began.</summary>
public sealed record FlaggedTapView(string TapId, string ShelterId, string Action, DateTimeOffset OccurredAt, string Flag, DateTimeOffset Since);

public sealed record SupersededMoveView(string TapId, string ShelterId, string Action, DateTimeOffset OccurredAt, DateTimeOffset LaterMoveAt);

/// <summary>Stock-taking at a shelter: how much of an item is on hand and how much is on its way (both replace the last report).</summary>
public sealed record SupplyReportRequest(string? Item, long? OnHand, long? UnderWay);
