using System.Collections.Concurrent;
using Microsoft.AspNetCore.SignalR;
using Shelter.Host.Access;

namespace Shelter.Host.Dashboard;

/// <summary>
/// The dashboard connections open on this node by token, so that revoking a token closes its connections here at once
/// instead of leaving an open socket streaming until the viewer reloads.
/// </summary>
public sealed class HubSessions
{
    private readonly ConcurrentDictionary<string, HubCallerContext> _connections = new(StringComparer.Ordinal);

    public HubSessions(TokenDirectory directory) => directory.Revoked += Close;

    public void Add(HubCallerContext context) => _connections[context.ConnectionId] = context;

    public void Remove(HubCallerContext context) => _connections.TryRemove(context.ConnectionId, out _);

    private void Close(IReadOnlyCollection<string> tokenIds)
    {
        foreach (var connection in _connections.Values)
        {
            if (connection.User is { } user && tokenIds.Contains(user.TokenIdOf()))
            {
                connection.Abort();
            }
        }
    }
}
