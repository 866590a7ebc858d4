using System.Security.Claims;
using Akka.Actor;
using Akka.Hosting;
using Shelter.Actors;
using Shelter.Domain;
using Shelter.Host.Access;
using Shelter.Host.Security;
using Shelter.Protocol;

namespace Shelter.Host.Api;

/// <summary>Opening shelters, stock-taking, and queries (shelter and municipality figures), each by its policy and scope.</summary>
public static class ShelterEndpoints
{
    public static void MapShelterEndpoints(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/v1").WithTags("shelters");
        api.MapPost("/shelters", OpenShelter).WithName("OpenShelter").RequireAuthorization(AccessPolicies.Admin)
            .Produces<ShelterView>(StatusCodes.Status201Created).ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status409Conflict);
        api.MapPost("/shelters/{shelterId}/supplies", ReportSupplies).WithName("ReportSupplies").RequireAuthorization(AccessPolicies.Desk)
            .Produces<ShelterView>().ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status404NotFound);
        api.MapGet("/shelters/{shelterId}", GetShelter).WithName("GetShelter").RequireAuthorization(AccessPolicies.Viewer)
            .Produces<ShelterView>().ProducesProblem(StatusCodes.Status404NotFound);
        api.MapGet("/municipalities/{municipality}", GetMunicipality).WithName("GetMunicipality").RequireAuthorization(AccessPolicies.Viewer)
            .Produces<MunicipalityView>().ProducesProblem(StatusCodes.Status404NotFound);
    }

    private static async Task<IResult> OpenShelter(OpenShelterRequest? request, ShelterDirectory shelters)
    {
        if (request is null)
        {
            return Problems.Invalid("missing-body", "Send {\"id\",\"name\",\"capacity\",\"municipality\",\"timeZone\"?} as JSON.");
        }
        if (!Identifiers.IsValid(request.Id))
        {
            return Problems.Invalid("invalid-id", $"id must be {Identifiers.Rule}.");
        }
        if (string.IsNullOrWhiteSpace(request.Name) || request.Name.Length > 200)
        {
            return Problems.Invalid("invalid-name", "name must be 1 to 200 characters.");
        }
        if (request.Capacity is not { } capacity || !ShelterInfo.IsValidCapacity(capacity))
        {
            return InvalidCapacity();
        }
        if (!Identifiers.IsValid(request.Municipality))
        {
            return Problems.Invalid("invalid-municipality", $"municipality must be {Identifiers.Rule}.");
        }
        var zone = request.TimeZone ?? ShelterTimeZone.Default;
        if (!ShelterTimeZone.TryResolve(zone, out _))
        {
            return Problems.Invalid("invalid-time-zone", $"timeZone '{zone}' is not a known IANA time zone such as Asia/Tokyo.");
        }
        if (request.Latitude.HasValue != request.Longitude.HasValue
            || (request.Latitude is { } lat && request.Longitude is { } lon && !Location.IsInJapan(lat, lon)))
        {
            return Problems.Invalid("invalid-location", "latitude and longitude come together, in decimal degrees within Japan (latitude 20–46, longitude 122–154).");
        }
        var location = request.Latitude is { } y && request.Longitude is { } x ? new Location(y, x) : null;
        var info = new ShelterInfo(request.Id!, request.Name.Trim(), capacity, request.Municipality!, zone, request.AllowCertificateOnly ?? false, location,
            request.AllowWalkIns ?? false);
        var result = await shelters.Open(info);
        if (!result.Created && result.Info != info)
        {
            return Problems.Of(StatusCodes.Status409Conflict, "shelter-exists", $"Shelter {info.Id} is already open with other details.");
        }
        var view = View(await shelters.Status(info.Id), DateTimeOffset.UtcNow)!;
        return result.Created ? Results.Created($"/api/v1/shelters/{info.Id}", view) : Results.Ok(view);
    }

    private static async Task<IResult> ReportSupplies(string shelterId, SupplyReportRequest? request, ClaimsPrincipal user, PlaceAccess places,
        ShelterDirectory shelters, TimeProvider clock)
    {
        if (!WireCodes.TryParse(request?.Item, out SupplyItem item))
        {
            return Problems.Invalid("unknown-item", $"item must be one of {string.Join(", ", WireCodes.All<SupplyItem>())}.");
        }
        if (request!.OnHand is not (>= 0 and <= 100_000_000) || request.UnderWay is < 0 or > 100_000_000)
        {
            return Problems.Invalid("invalid-quantity", "onHand (required) and underWay (optional) are whole numbers from 0 to 100,000,000.");
        }
        if ((await places.Shelter(user, shelterId)).Refusal is { } refusal)
        {
            return refusal;
        }
        var status = await shelters.ReportStock(shelterId, item, request.OnHand.Value, request.UnderWay ?? 0);
        return Results.Ok(View(status, clock.GetUtcNow()));
    }

    private static async Task<IResult> GetShelter(string shelterId, ClaimsPrincipal user, PlaceAccess places, ShelterDirectory shelters, TimeProvider clock)
    {
        if ((await places.Shelter(user, shelterId)).Refusal is { } refusal)
        {
            return refusal;
        }
        return View(await shelters.Status(shelterId), clock.GetUtcNow()) is { } view
            ? Results.Ok(view)
            : Problems.Of(StatusCodes.Status404NotFound, "unknown-shelter", $"No shelter {shelterId} is open.");
    }

    private static async Task<IResult> GetMunicipality(string municipality, ClaimsPrincipal user, PlaceAccess places, ShelterDirectory shelters, TimeProvider clock)
    {
        if (Identifiers.IsValid(municipality) && await places.Municipality(user, municipality) is { } refusal)
        {
            return refusal;
        }
        var ids = Identifiers.IsValid(municipality) ? await shelters.SheltersOf(municipality) : [];
        if (ids.Length == 0)
        {
            return Problems.Of(StatusCodes.Status404NotFound, "unknown-municipality", $"Municipality {municipality} has no open shelters.");
        }
        var now = clock.GetUtcNow();
        var views = (await Task.WhenAll(ids.Select(shelters.Status))).Select(s => View(s, now)).OfType<ShelterView>().ToArray();
        var totals = new MunicipalityTotals(views.Length, views.Sum(v => v.Capacity ?? 0), views.Sum(v => v.Occupancy), views.Sum(v => v.ProvisionalOccupants),
            views.Sum(v => v.Arrivals), views.Sum(v => v.Departures),
            new MealsToday(views.Sum(v => v.MealsToday.Breakfast), views.Sum(v => v.MealsToday.Lunch), views.Sum(v => v.MealsToday.Dinner)));
        return Results.Ok(new MunicipalityView(municipality, totals, views));
    }

    /// <summary>The refusal of a capacity outside <see cref="ShelterInfo.IsValidCapacity"/>, wherever a capacity is given.</summary>
    internal static IResult InvalidCapacity() => Problems.Invalid("invalid-capacity", "capacity must be a whole number from 1 to 1,000,000.");

    internal static ShelterView? View(ShelterStatus status, DateTimeOffset now)
    {
        if (status.Info is not { } info)
        {
            return null;
        }
        var (day, meals) = MealsToday.At(status.MealsByPeriod, info.TimeZone, now);
        return new ShelterView(info.Id, info.Name, info.Capacity > 0 ? info.Capacity : null, info.Municipality, info.TimeZone, status.Occupancy, status.ProvisionalOccupants,
            status.Arrivals, status.Departures, status.SupplyPickups, day, meals, new SortedDictionary<string, int>(status.MealsByPeriod, StringComparer.Ordinal),
            info.AllowCertificateOnly, status.CertificateOnlyTaps, status.IsOpen ? "open" : "closed", status.OpenedAt, status.ClosedAt,
            info.Location?.Latitude, info.Location?.Longitude, info.AllowWalkIns);
    }
}
