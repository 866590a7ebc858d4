using Shelter.Host.Dashboard;
using Shelter.Host.Security;

namespace Shelter.Host.Api;

/// <summary>The dashboard's data over plain HTTP (the page itself uses the hub for live updates).</summary>
public static class DashboardEndpoints
{
    public static void MapDashboardEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/v1/dashboard", (string? scope, HttpRequest http, AccessTokens tokens, DashboardState state) =>
        {
            if (!tokens.IsViewer(AccessTokens.Bearer(http)))
            {
                return Problems.Unauthenticated("The dashboard needs a viewer or admin token.");
            }
            var wanted = scope ?? DashboardScopes.All;
            return DashboardScopes.IsValid(wanted)
                ? Results.Ok(state.View(wanted))
                : Problems.Invalid("invalid-scope", "scope must be 'all', 'municipality:<id>' or 'shelter:<id>'.");
        }).WithName("GetDashboard").WithTags("dashboard").Produces<DashboardView>().ProducesProblem(StatusCodes.Status401Unauthorized);
        app.MapHub<DashboardHub>(DashboardHub.Path, hub =>
        {
            // Bounds what one slow viewer can hold in memory on the server.
            hub.TransportMaxBufferSize = 64 * 1024;
            hub.ApplicationMaxBufferSize = 64 * 1024;
        });
    }
}
