using Microsoft.AspNetCore.SignalR;
using Shelter.Host.Security;

namespace Shelter.Host.Dashboard;

/// <summary>
/// Live dashboard updates. A viewer connects with the viewer (or admin) token, watches a scope, and gets the current
/// picture at once and then coalesced updates: at most one message per scope per broadcast interval.
/// </summary>
public sealed class DashboardHub(AccessTokens tokens, DashboardState state) : Hub
{
    public const string Path = "/hubs/dashboard";

    public override async Task OnConnectedAsync()
    {
        var http = Context.GetHttpContext();
        var token = http?.Request.Query["access_token"].ToString() is { Length: > 0 } query ? query : http is null ? null : AccessTokens.Bearer(http.Request);
        if (!tokens.IsViewer(token))
        {
            Context.Abort();
            return;
        }
        await base.OnConnectedAsync();
    }

    /// <summary>Starts watching <paramref name="scope"/> (<c>all</c>, <c>municipality:ID</c>, <c>shelter:ID</c>) and returns its current picture.</summary>
    public async Task<DashboardView> Watch(string scope)
    {
        if (!DashboardScopes.IsValid(scope))
        {
            throw new HubException("scope must be 'all', 'municipality:<id>' or 'shelter:<id>'");
        }
        await Groups.AddToGroupAsync(Context.ConnectionId, scope);
        return state.View(scope);
    }

    public Task Unwatch(string scope) => Groups.RemoveFromGroupAsync(Context.ConnectionId, scope);
}
