using System.Security.Claims;
using Microsoft.Extensions.Options;
using Shelter.Host.Access;
using Shelter.Host.Dashboard;
using Shelter.Host.Options;

namespace Shelter.Host.Api;

/// <summary>The dashboard's data over plain HTTP (the page itself uses the hub for live updates).</summary>
public static class DashboardEndpoints
{
    public static void MapDashboardEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/v1/dashboard", async (string? scope, ClaimsPrincipal user, DashboardScopeAccess access, DashboardState state) =>
        {
            var wanted = scope ?? DashboardScopes.Widest(user.ScopeOf());
            if (!DashboardScopes.IsValid(wanted))
            {
                return Problems.Invalid("invalid-scope", "scope must be 'all', 'municipality:<id>' or 'shelter:<id>'.");
            }
            return await access.Allows(user, wanted) ? Results.Ok(state.View(wanted)) : AccessProblems.OutOfScope;
        }).WithName("GetDashboard").WithTags("dashboard").RequireAuthorization(AccessPolicies.Viewer)
            .Produces<DashboardView>().ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status403Forbidden);
        app.MapGet("/api/v1/dashboard/map", (IOptions<DashboardOptions> options) =>
            TypedResults.Ok(new MapSettings(MapSettings.Outline, options.Value.TileUrl, options.Value.TileAttribution)))
            .WithName("GetDashboardMap").WithTags("dashboard").RequireAuthorization(AccessPolicies.Viewer)
            .ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status403Forbidden);
        // Negotiate included: a stranger gets 401 before any connection exists.
        app.MapHub<DashboardHub>(DashboardHub.Path, hub =>
        {
            // Bounds what one slow viewer can hold in memory on the server.
            hub.TransportMaxBufferSize = 64 * 1024;
            hub.ApplicationMaxBufferSize = 64 * 1024;
        }).RequireAuthorization(AccessPolicies.Viewer);
    }
}
