using System.Security.Claims;
using Microsoft.Extensions.Options;
using Shelter.Domain;
using Shelter.Host.Access;
using Shelter.Host.Privacy;
using Shelter.Host.Security;
using Shelter.Privacy;

namespace Shelter.Host.Api;

/// <summary>Closes a municipality's disaster (as far as its people go): <paramref name="ClosedAt"/> defaults to now.</summary>
public sealed record CloseDisasterRequest(DateTimeOffset? ClosedAt = null);

/// <summary>A closed disaster: until when its people are kept, and when and how many were erased.</summary>
public sealed record DisasterClosingView(long Id, string Municipality, DateTimeOffset ClosedAt, DateTimeOffset EraseAfter, DateTimeOffset? ErasedAt, int? Erased);

/// <summary>
/// Retention per disaster (admin): a municipality closes its disaster, and everyone it registered before then is
/// erased in one act once <c>Shelter:People:RetentionAfterClosing</c> has passed (<see cref="RetentionSweeper"/>).
/// </summary>
public static class RetentionEndpoints
{
    public static void MapRetentionEndpoints(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/v1").WithTags("people").RequireAuthorization(AccessPolicies.Admin);
        api.MapPost("/municipalities/{municipality}/disaster-closings", Close).WithName("CloseDisaster")
            .Produces<DisasterClosingView>(StatusCodes.Status201Created).ProducesProblem(StatusCodes.Status400BadRequest);
        api.MapGet("/disaster-closings", List).WithName("ListDisasterClosings")
            .Produces<DisasterClosingView[]>().ProducesProblem(StatusCodes.Status400BadRequest);
    }

    private static async Task<IResult> Close(string municipality, CloseDisasterRequest? request, ClaimsPrincipal user, PlaceAccess places, DisasterClosings closings,
        IOptions<PeopleOptions> options, TimeProvider clock)
    {
        if (await places.Municipality(user, municipality) is { } refusal)
        {
            return refusal;
        }
        var now = clock.GetUtcNow();
        var closedAt = request?.ClosedAt ?? now;
        if (closedAt > now.AddMinutes(1))
        {
            return Problems.Invalid("closed-in-future", "closedAt is when the disaster closed: not in the future.");
        }
        var closing = await closings.Add(municipality, closedAt, closedAt + options.Value.RetentionAfterClosing, user.TokenIdOf());
        return Results.Created($"/api/v1/disaster-closings?municipality={municipality}", View(closing));
    }

    private static async Task<IResult> List(string? municipality, ClaimsPrincipal user, PlaceAccess places, DisasterClosings closings)
    {
        if (await places.MunicipalityAsked(user, municipality, "lists closings of") is { } refusal)
        {
            return refusal;
        }
        return Results.Ok((await closings.All(municipality)).Select(View).ToArray());
    }

    private static DisasterClosingView View(DisasterClosings.Closing c) => new(c.Id, c.Municipality, c.ClosedAt, c.EraseAfter, c.ErasedAt, c.Erased);
}
