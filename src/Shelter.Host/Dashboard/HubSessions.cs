using System.Collections.Concurrent;
using Microsoft.AspNetCore.SignalR;
using Shelter.Host.Access;

namespace Shelter.Host.Dashboard;

/// <summary>
/// The dashboard connections open on this node, the scopes each watches, and the send each still has in flight. The
/// broadcaster sends to each connection on its own and never waits for one: a viewer that stops reading misses
/// updates (and gets its whole picture again once it reads), and one that stays stuck is dropped. Revoking a token
/// closes its connections here at once.
/// </summary>
public sealed class HubSessions
{
    /// <summary>A page watches one or two scopes; the bound keeps one connection from holding every scope there is.</summary>
    public const int MaxScopesPerConnection = 4;

    /// <summary>A connection that has not taken a message for this long is dropped; its page reconnects.</summary>
    public static readonly TimeSpan StuckAfter = TimeSpan.FromSeconds(30);

    private readonly ConcurrentDictionary<string, Session> _sessions = new(StringComparer.Ordinal);

    public HubSessions(TokenDirectory directory) => directory.Revoked += Close;

    public int Count => _sessions.Count;

    public void Add(HubCallerContext context) => _sessions[context.ConnectionId] = new Session(context);

    public void Remove(string connectionId) => _sessions.TryRemove(connectionId, out _);

    /// <summary>Adds a scope to a connection's; false when it already watches as many as it may.</summary>
    public bool Watch(string connectionId, string scope)
    {
        if (!_sessions.TryGetValue(connectionId, out var session))
        {
            return false;
        }
        lock (session)
        {
            if (!session.Scopes.Contains(scope) && session.Scopes.Count >= MaxScopesPerConnection)
            {
                return false;
            }
            session.Scopes.Add(scope);
            return true;
        }
    }

    public void Unwatch(string connectionId, string scope)
    {
        if (_sessions.TryGetValue(connectionId, out var session))
        {
            lock (session)
            {
                session.Scopes.Remove(scope);
            }
        }
    }

    /// <summary>
    /// Sends each connection watching <paramref name="scope"/> the message <paramref name="update"/> makes, without
    /// waiting; a connection still busy with an earlier send is skipped and marked to get <paramref name="whole"/> next.
    /// </summary>
    public void Send(IHubContext<DashboardHub> hub, string scope, string method, Func<object> update, Func<object> whole, DateTimeOffset now)
    {
        foreach (var session in _sessions.Values)
        {
            lock (session)
            {
                if (!session.Scopes.Contains(scope))
                {
                    continue;
                }
                // A send from this same tick (the update, then its alerts) queues behind the first; one from an earlier tick
                // still in flight means the viewer is not reading.
                if (session.Pending is { IsCompleted: false } && session.PendingSince < now)
                {
                    session.Behind.Add(scope);
                    if (now - session.PendingSince > StuckAfter)
                    {
                        session.Context.Abort();
                    }
                    continue;
                }
                var message = session.Behind.Remove(scope) ? whole() : update();
                var send = hub.Clients.Client(session.Context.ConnectionId).SendAsync(method, message);
                session.Pending = session.Pending is { IsCompleted: false } earlier ? Task.WhenAll(earlier, send) : send;
                session.PendingSince = now;
            }
        }
    }

    private void Close(IReadOnlyCollection<string> tokenIds)
    {
        foreach (var session in _sessions.Values)
        {
            if (session.Context.User is { } user && tokenIds.Contains(user.TokenIdOf()))
            {
                session.Context.Abort();
            }
        }
    }

    private sealed class Session(HubCallerContext context)
    {
        public HubCallerContext Context { get; } = context;

        public HashSet<string> Scopes { get; } = new(StringComparer.Ordinal);

        public HashSet<string> Behind { get; } = new(StringComparer.Ordinal);

        public Task? Pending { get; set; }

        public DateTimeOffset PendingSince { get; set; }
    }
}
