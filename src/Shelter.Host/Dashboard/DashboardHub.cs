using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.SignalR;
using Shelter.Host.Access;

namespace Shelter.Host.Dashboard;

/// <summary>
/// Live dashboard updates. A viewer connects with a session cookie (or a token header, for programs), watches scopes
/// inside its own, and gets the current picture at once and then coalesced updates: at most one message per scope per
/// broadcast interval.
/// </summary>
[Authorize(Policy = AccessPolicies.Viewer)]
public sealed class DashboardHub(DashboardState state, DashboardScopeAccess access, HubSessions sessions, Telemetry.ShelterMetrics metrics) : Hub
{
    public const string Path = "/hubs/dashboard";

    public override Task OnConnectedAsync()
    {
        sessions.Add(Context);
        metrics.Connected();
        return base.OnConnectedAsync();
    }

    public override Task OnDisconnectedAsync(Exception? exception)
    {
        sessions.Remove(Context.ConnectionId);
        metrics.Disconnected();
        return base.OnDisconnectedAsync(exception);
    }

    /// <summary>Starts watching <paramref name="scope"/> (<c>all</c>, <c>municipality:ID</c>, <c>shelter:ID</c>) and returns its current picture.</summary>
    public async Task<DashboardView> Watch(string scope)
    {
        if (!DashboardScopes.IsValid(scope))
        {
            throw new HubException("invalid-scope: scope must be 'all', 'municipality:<id>' or 'shelter:<id>'");
        }
        if (!await access.Allows(Context.User!, scope))
        {
            throw new HubException("out-of-scope: this token is for another shelter or municipality");
        }
        if (!sessions.Watch(Context.ConnectionId, scope))
        {
            throw new HubException($"too-many-scopes: one connection watches at most {HubSessions.MaxScopesPerConnection} scopes; unwatch one first");
        }
        return state.View(scope);
    }

    public void Unwatch(string scope) => sessions.Unwatch(Context.ConnectionId, scope);
}
