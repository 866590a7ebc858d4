using Akka.Actor;
using Akka.Hosting;
using Shelter.Actors;
using Shelter.Domain;
using Shelter.Host.Security;
using Shelter.Protocol;

namespace Shelter.Host.Api;

/// <summary>Administration (open shelters, register readers) and queries (shelter and municipality figures).</summary>
public static class ShelterEndpoints
{
    public static void MapShelterEndpoints(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/v1").WithTags("shelters");
        api.MapPost("/shelters", OpenShelter).WithName("OpenShelter")
            .Produces<ShelterView>(StatusCodes.Status201Created).ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status409Conflict);
        api.MapPost("/shelters/{shelterId}/readers", RegisterReader).WithName("RegisterReader")
            .Produces<ReaderRegistrationResponse>(StatusCodes.Status201Created).ProducesProblem(StatusCodes.Status404NotFound);
        api.MapPost("/shelters/{shelterId}/supplies", ReportSupplies).WithName("ReportSupplies")
            .Produces<ShelterView>().ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status404NotFound);
        api.MapGet("/shelters/{shelterId}", GetShelter).WithName("GetShelter")
            .Produces<ShelterView>().ProducesProblem(StatusCodes.Status404NotFound);
        api.MapGet("/evacuees/{evacueeId}", GetEvacuee).WithName("GetEvacuee")
            .Produces<EvacueeView>().ProducesProblem(StatusCodes.Status404NotFound);
        api.MapGet("/municipalities/{municipality}", GetMunicipality).WithName("GetMunicipality")
            .Produces<MunicipalityView>().ProducesProblem(StatusCodes.Status404NotFound);
    }

    private static async Task<IResult> OpenShelter(OpenShelterRequest? request, HttpRequest http, AccessTokens tokens, ShelterDirectory shelters)
    {
        if (!tokens.IsAdmin(AccessTokens.Bearer(http)))
        {
            return Problems.Unauthenticated("Opening a shelter needs the admin token as 'Authorization: Bearer …'.");
        }
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
        if (request.Capacity is not (> 0 and <= 1_000_000))
        {
            return Problems.Invalid("invalid-capacity", "capacity must be a whole number from 1 to 1,000,000.");
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
        var info = new ShelterInfo(request.Id!, request.Name.Trim(), request.Capacity.Value, request.Municipality!, zone);
        var result = await shelters.Open(info);
        if (!result.Created && result.Info != info)
        {
            return Problems.Of(StatusCodes.Status409Conflict, "shelter-exists", $"Shelter {info.Id} is already open with other details.");
        }
        var view = View(await shelters.Status(info.Id), DateTimeOffset.UtcNow)!;
        return result.Created ? Results.Created($"/api/v1/shelters/{info.Id}", view) : Results.Ok(view);
    }

    private static async Task<IResult> RegisterReader(string shelterId, RegisterReaderRequest? request, HttpRequest http, AccessTokens tokens,
        ShelterDirectory shelters, ReaderDirectory readers)
    {
        if (!tokens.IsAdmin(AccessTokens.Bearer(http)))
        {
            return Problems.Unauthenticated("Registering a reader needs the admin token.");
        }
        if (!Identifiers.IsValid(request?.ReaderId))
        {
            return Problems.Invalid("invalid-reader-id", $"readerId must be {Identifiers.Rule}.");
        }
        if (!Identifiers.IsValid(shelterId) || await shelters.Find(shelterId) is null)
        {
            return Problems.Of(StatusCodes.Status404NotFound, "unknown-shelter", $"No shelter {shelterId} is open.");
        }
        var registration = await readers.Register(request!.ReaderId!, shelterId);
        return registration.Reader is null
            ? Problems.Of(StatusCodes.Status409Conflict, "reader-registered-elsewhere", registration.Error ?? "The reader is registered elsewhere.")
            : Results.Created($"/api/v1/shelters/{shelterId}/readers/{registration.Reader.ReaderId}",
                new ReaderRegistrationResponse(registration.Reader.ReaderId, shelterId, registration.Token!));
    }

    private static async Task<IResult> ReportSupplies(string shelterId, SupplyReportRequest? request, HttpRequest http, AccessTokens tokens,
        ShelterDirectory shelters, TimeProvider clock)
    {
        if (!tokens.IsAdmin(AccessTokens.Bearer(http)))
        {
            return Problems.Unauthenticated("Reporting supplies needs the admin token.");
        }
        if (!WireCodes.TryParse(request?.Item, out SupplyItem item))
        {
            return Problems.Invalid("unknown-item", $"item must be one of {string.Join(", ", WireCodes.All<SupplyItem>())}.");
        }
        if (request!.OnHand is not (>= 0 and <= 100_000_000) || request.UnderWay is < 0 or > 100_000_000)
        {
            return Problems.Invalid("invalid-quantity", "onHand (required) and underWay (optional) are whole numbers from 0 to 100,000,000.");
        }
        if (!Identifiers.IsValid(shelterId) || await shelters.Find(shelterId) is null)
        {
            return Problems.Of(StatusCodes.Status404NotFound, "unknown-shelter", $"No shelter {shelterId} is open.");
        }
        var status = await shelters.ReportStock(shelterId, item, request.OnHand.Value, request.UnderWay ?? 0);
        return Results.Ok(View(status, clock.GetUtcNow()));
    }

    private static async Task<IResult> GetShelter(string shelterId, HttpRequest http, AccessTokens tokens, ShelterDirectory shelters, TimeProvider clock)
    {
        if (!tokens.IsViewer(AccessTokens.Bearer(http)))
        {
            return Problems.Unauthenticated("Reading shelter figures needs a viewer or admin token.");
        }
        var view = Identifiers.IsValid(shelterId) ? View(await shelters.Status(shelterId), clock.GetUtcNow()) : null;
        return view is null ? Problems.Of(StatusCodes.Status404NotFound, "unknown-shelter", $"No shelter {shelterId} is open.") : Results.Ok(view);
    }

    private static async Task<IResult> GetMunicipality(string municipality, HttpRequest http, AccessTokens tokens, ShelterDirectory shelters, TimeProvider clock)
    {
        if (!tokens.IsViewer(AccessTokens.Bearer(http)))
        {
            return Problems.Unauthenticated("Reading municipal figures needs a viewer or admin token.");
        }
        var ids = Identifiers.IsValid(municipality) ? await shelters.SheltersOf(municipality) : [];
        if (ids.Length == 0)
        {
            return Problems.Of(StatusCodes.Status404NotFound, "unknown-municipality", $"Municipality {municipality} has no open shelters.");
        }
        var now = clock.GetUtcNow();
        var views = (await Task.WhenAll(ids.Select(shelters.Status))).Select(s => View(s, now)).OfType<ShelterView>().ToArray();
        var totals = new MunicipalityTotals(views.Length, views.Sum(v => v.Capacity), views.Sum(v => v.Occupancy), views.Sum(v => v.ProvisionalOccupants),
            views.Sum(v => v.Arrivals), views.Sum(v => v.Departures),
            new MealsToday(views.Sum(v => v.MealsToday.Breakfast), views.Sum(v => v.MealsToday.Lunch), views.Sum(v => v.MealsToday.Dinner)));
        return Results.Ok(new MunicipalityView(municipality, totals, views));
    }

    /// <summary>Safety confirmation (安否確認) at the desk: where is this credential's holder. Admin only: it is about one person.</summary>
    private static async Task<IResult> GetEvacuee(string evacueeId, HttpRequest http, AccessTokens tokens, IRequiredActor<EvacueeRegion> evacuees)
    {
        if (!tokens.IsAdmin(AccessTokens.Bearer(http)))
        {
            return Problems.Unauthenticated("Evacuee lookups need the admin token.");
        }
        if (!EvacueeIds.IsValid(evacueeId))
        {
            return Problems.Invalid("invalid-evacuee-id", "An evacuee ID is a credential fingerprint: 64 hex digits, or 'card:' and 16 hex digits.");
        }
        var status = await (await evacuees.GetAsync()).Ask<EvacueeStatus>(new GetEvacuee(evacueeId), ShelterDirectory.AskTimeout);
        return status.RememberedTaps == 0 && status.CurrentShelterId is null
            ? Problems.Of(StatusCodes.Status404NotFound, "unknown-evacuee", "No tap by this credential is on record.")
            : Results.Ok(new EvacueeView(status.EvacueeId, status.CurrentShelterId, status.Provisional, status.MealsServed));
    }

    internal static ShelterView? View(ShelterStatus status, DateTimeOffset now)
    {
        if (status.Info is not { } info)
        {
            return null;
        }
        var (day, meals) = MealsToday.At(status.MealsByPeriod, info.TimeZone, now);
        return new ShelterView(info.Id, info.Name, info.Capacity, info.Municipality, info.TimeZone, status.Occupancy, status.ProvisionalOccupants,
            status.Arrivals, status.Departures, status.SupplyPickups, day, meals, new SortedDictionary<string, int>(status.MealsByPeriod, StringComparer.Ordinal));
    }
}
