using System.Security.Claims;
using Microsoft.AspNetCore.Http.Features;
using Shelter.Access;
using Shelter.Domain;
using Shelter.Host.Access;
using Shelter.Host.Registry;
using Shelter.Host.Security;
using Shelter.Registry;

namespace Shelter.Host.Api;

/// <summary>The municipality's shelter registry: importing its files, listing its places, 開設 and 閉鎖, and capacity.</summary>
public static class RegistryEndpoints
{
    public const long MaxFileBytes = 64 * 1024 * 1024;

    /// <summary>How far ahead of this node's clock an act's time may lie (clocks differ a little).</summary>
    public static readonly TimeSpan ClockAllowance = TimeSpan.FromMinutes(5);

    public static void MapRegistryEndpoints(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/v1").WithTags("registry");
        api.MapPost("/registry/imports", Import).WithName("ImportRegistry").RequireAuthorization(AccessPolicies.Admin)
            .Accepts<byte[]>("text/csv", "text/plain", "application/octet-stream")
            .Produces<RegistryImportReport>().ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);
        api.MapGet("/places", List).WithName("ListPlaces").RequireAuthorization(AccessPolicies.Viewer)
            .Produces<PlacePage>().ProducesProblem(StatusCodes.Status400BadRequest);
        api.MapGet("/places/{placeId}", Get).WithName("GetPlace").RequireAuthorization(AccessPolicies.Viewer)
            .Produces<PlaceView>().ProducesProblem(StatusCodes.Status404NotFound);
        api.MapPost("/places/{placeId}/open", Open).WithName("OpenPlace").RequireAuthorization(AccessPolicies.Admin)
            .Produces<ShelterView>(StatusCodes.Status201Created).Produces<ShelterView>().ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
        api.MapPost("/places/{placeId}/close", Close).WithName("ClosePlace").RequireAuthorization(AccessPolicies.Admin)
            .Produces<ShelterView>().ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);
        api.MapPut("/places/{placeId}/capacity", SetCapacity).WithName("SetPlaceCapacity").RequireAuthorization(AccessPolicies.Admin)
            .Produces<PlaceView>().ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status404NotFound);
    }

    private static async Task<IResult> Import(HttpContext context, RegistryImports imports, PlaceAccess places, bool? dryRun, string? municipality)
    {
        if (municipality is not null && !LocalGovernmentCode.TryRepair(municipality, out municipality))
        {
            return Problems.Invalid("invalid-municipality", "municipality must be a six-digit 全国地方公共団体コード (or five digits, without its check digit).");
        }
        if (municipality is not null && await places.Municipality(context.User, municipality) is { } refusal)
        {
            return refusal;
        }
        if (!context.User.ScopeOf().IsEverything && municipality is null)
        {
            return Problems.Invalid("municipality-required", "A token scoped to a municipality imports for it: give municipality=its code.");
        }
        if (await RequestBodies.ReadAll(context, MaxFileBytes) is not { } file)
        {
            return TooLarge();
        }
        try
        {
            var report = await imports.Import(file, municipality, dryRun ?? false, context.RequestAborted);
            return dryRun != true && report.Unreadable > 0
                ? Problems.Of(StatusCodes.Status422UnprocessableEntity, "unreadable-rows",
                    $"{report.Unreadable} rows cannot be read, so nothing was imported: mend them (see problems) and send the file again.",
                    new Dictionary<string, object?> { ["report"] = report })
                : TypedResults.Ok(report);
        }
        catch (RegistryFileException ex)
        {
            return Problems.Invalid(ex.Reason, ex.Message);
        }
    }

    private static async Task<IResult> List(ClaimsPrincipal user, PlaceStore store, PlaceAccess places, string? municipality, string? after, int? limit,
        CancellationToken cancel)
    {
        var scope = user.ScopeOf();
        municipality ??= scope.Municipality;
        if (limit is not null and not (>= 1 and <= PlaceStore.MaxPage))
        {
            return Problems.Invalid("invalid-limit", $"limit must be 1 to {PlaceStore.MaxPage}.");
        }
        if (scope.ShelterId is { } own)
        {
            var mine = await store.Find(own, cancel);
            return TypedResults.Ok(new PlacePage(mine is null || after is not null ? [] : [PlaceView.Of(mine)], null));
        }
        if (await places.MunicipalityAsked(user, municipality, "lists the places of") is { } refusal)
        {
            return refusal;
        }
        var size = limit ?? PlaceStore.MaxPage;
        var page = await store.Page(municipality, after, size, cancel);
        return TypedResults.Ok(new PlacePage([.. page.Select(PlaceView.Of)], page.Count == size ? page[^1].Id : null));
    }

    private static async Task<IResult> Get(string placeId, ClaimsPrincipal user, PlaceStore store, PlaceAccess places, CancellationToken cancel)
    {
        var (place, refusal) = await Find(placeId, user, store, places, cancel);
        return refusal ?? TypedResults.Ok(PlaceView.Of(place!));
    }

    private static async Task<IResult> Open(string placeId, OpenPlaceRequest? request, ClaimsPrincipal user, PlaceStore store, PlaceAccess places,
        ShelterDirectory shelters, TimeProvider clock, CancellationToken cancel)
    {
        request ??= new OpenPlaceRequest();
        var (place, refusal) = await Find(placeId, user, store, places, cancel);
        if (refusal is not null)
        {
            return refusal;
        }
        if (TimeOf(request.At, clock) is not { } at)
        {
            return InvalidTime();
        }
        if (request.Capacity is not null && !ShelterInfo.IsValidCapacity(request.Capacity))
        {
            return ShelterEndpoints.InvalidCapacity();
        }
        var zone = request.TimeZone ?? ShelterTimeZone.Default;
        if (!ShelterTimeZone.TryResolve(zone, out _))
        {
            return Problems.Invalid("invalid-time-zone", $"timeZone '{zone}' is not a known IANA time zone such as Asia/Tokyo.");
        }
        if (!place!.DesignatedShelter && request.EvenIfNotDesignated != true)
        {
            return Problems.Of(StatusCodes.Status409Conflict, "not-a-designated-shelter",
                $"{place.Name} is an emergency evacuation site (指定緊急避難場所), not a designated shelter; send evenIfNotDesignated to open it for check-in.");
        }
        if (request.Capacity is { } capacity && capacity != place.Capacity)
        {
            await store.SetCapacity(place.Id, capacity, cancel);
        }
        var location = place.Latitude is { } lat && place.Longitude is { } lon ? new Location(lat, lon) : null;
        var info = new ShelterInfo(place.Id, place.Name, request.Capacity ?? place.Capacity ?? ShelterInfo.UnknownCapacity, place.Municipality, zone,
            request.AllowCertificateOnly ?? false, location, request.AllowWalkIns ?? false);
        var result = await shelters.Open(info, at);
        if (!result.Created && result.Info != info)
        {
            return Problems.Of(StatusCodes.Status409Conflict, "shelter-exists", $"Shelter {info.Id} is already open with other details (name or time zone).");
        }
        var status = await shelters.Status(info.Id);
        if (result.Created)
        {
            await store.Record(place.Id, status.OpenedAt ?? at, opened: true, cancel);
        }
        var view = ShelterEndpoints.View(status, clock.GetUtcNow())!;
        return result.Created ? TypedResults.Created($"/api/v1/shelters/{info.Id}", view) : TypedResults.Ok(view);
    }

    private static async Task<IResult> Close(string placeId, ClosePlaceRequest? request, ClaimsPrincipal user, PlaceStore store, PlaceAccess places,
        ShelterDirectory shelters, TimeProvider clock, CancellationToken cancel)
    {
        var (place, refusal) = await Find(placeId, user, store, places, cancel);
        if (refusal is not null)
        {
            return refusal;
        }
        if (TimeOf(request?.At, clock) is not { } at)
        {
            return InvalidTime();
        }
        var status = await shelters.Close(place!.Id, at);
        if (status.Info is null)
        {
            return Problems.Of(StatusCodes.Status409Conflict, "not-open", $"{place.Name} has never been opened.");
        }
        if (status.ClosedAt is { } closed)
        {
            await store.Record(place.Id, closed, opened: false, cancel);
        }
        return TypedResults.Ok(ShelterEndpoints.View(status, clock.GetUtcNow()));
    }

    private static async Task<IResult> SetCapacity(string placeId, PlaceCapacityRequest? request, ClaimsPrincipal user, PlaceStore store, PlaceAccess places,
        ShelterDirectory shelters, CancellationToken cancel)
    {
        var (place, refusal) = await Find(placeId, user, store, places, cancel);
        if (refusal is not null)
        {
            return refusal;
        }
        if (!ShelterInfo.IsValidCapacity(request?.Capacity) || request!.Capacity is not { } capacity)
        {
            return ShelterEndpoints.InvalidCapacity();
        }
        await store.SetCapacity(place!.Id, capacity, cancel);
        if (await shelters.Find(place.Id) is { Open: true } shelter && shelter.Info.Capacity != capacity)
        {
            await shelters.Open(shelter.Info with { Capacity = capacity });
        }
        return TypedResults.Ok(PlaceView.Of((await store.Find(place.Id, cancel))!));
    }

    private static async Task<(RegistryPlace? Place, IResult? Refusal)> Find(string placeId, ClaimsPrincipal user, PlaceStore store, PlaceAccess places,
        CancellationToken cancel)
    {
        var place = Identifiers.IsValid(placeId) ? await store.Find(placeId, cancel) : null;
        if (place is null)
        {
            return (null, Problems.Of(StatusCodes.Status404NotFound, "unknown-place", $"No place {placeId} is in the registry."));
        }
        return await places.Allows(user, new Place(place.Id, place.Municipality)) ? (place, null) : (null, AccessProblems.OutOfScope);
    }

    private static DateTimeOffset? TimeOf(DateTimeOffset? at, TimeProvider clock)
    {
        var now = clock.GetUtcNow();
        return at switch
        {
            null => now,
            { } given when given > now + ClockAllowance || given.Year < 2000 => null,
            { } given => given,
        };
    }

    private static IResult InvalidTime() =>
        Problems.Invalid("invalid-time", $"at must be an ISO 8601 time with its offset, no later than {ClockAllowance.TotalMinutes:0} minutes from now.");

    private static IResult TooLarge() =>
        Problems.Of(StatusCodes.Status413PayloadTooLarge, "file-too-large", $"A registry file is at most {MaxFileBytes / 1024 / 1024} MiB; split it by prefecture.");
}
