using System.Security.Claims;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.DependencyInjection;
using Shelter.Host.Access;
using Shelter.Host.Dashboard;

namespace Shelter.Host.Tests;

/// <summary>
/// The broadcaster's fan-out with connections whose sends complete or never do: a viewer that stopped reading is
/// skipped (and gets its whole picture once it reads again), never waited for, and dropped once stuck; the others get
/// every update on time. The host's token directory is real; only the SignalR connections are stand-ins.
/// </summary>
public sealed class HubSessionsTests(HostFixture host) : IClassFixture<HostFixture>
{
    [Fact]
    public void A_viewer_that_stops_reading_never_holds_up_the_others_and_is_dropped_when_stuck()
    {
        var sessions = new HubSessions(host.Services.GetRequiredService<TokenDirectory>());
        var reading = new Connection("reading");
        var stuck = new Connection("stuck");
        var hub = new Hub();
        hub.Stalled.Add(stuck.ConnectionId);
        foreach (var connection in new[] { reading, stuck })
        {
            sessions.Add(connection);
            Assert.True(sessions.Watch(connection.ConnectionId, "all"));
        }
        var start = DateTimeOffset.UtcNow;
        for (var tick = 0; tick < 10; tick++)
        {
            sessions.Send(hub, "all", "update", () => "changes", () => "whole", start.AddSeconds(tick));
        }
        Assert.Equal(10, hub.Sent.Count(s => s.Connection == reading.ConnectionId));
        Assert.Equal(1, hub.Sent.Count(s => s.Connection == stuck.ConnectionId));
        Assert.False(stuck.Aborted);

        // Reading again: the next message is the whole picture, then changes as before.
        hub.Stalled.Clear();
        hub.Release();
        sessions.Send(hub, "all", "update", () => "changes", () => "whole", start.AddSeconds(11));
        sessions.Send(hub, "all", "update", () => "changes", () => "whole", start.AddSeconds(12));
        Assert.Equal(["changes", "whole", "changes"], hub.Sent.Where(s => s.Connection == stuck.ConnectionId).Select(s => s.Message));

        // Stuck for longer than HubSessions.StuckAfter: dropped.
        hub.Stalled.Add(stuck.ConnectionId);
        sessions.Send(hub, "all", "update", () => "changes", () => "whole", start.AddSeconds(13));
        sessions.Send(hub, "all", "update", () => "changes", () => "whole", start.AddSeconds(14) + HubSessions.StuckAfter);
        Assert.True(stuck.Aborted);
        Assert.False(reading.Aborted);
    }

    [Fact]
    public void A_connection_watches_at_most_four_scopes()
    {
        var sessions = new HubSessions(host.Services.GetRequiredService<TokenDirectory>());
        var connection = new Connection("many");
        sessions.Add(connection);
        for (var i = 0; i < HubSessions.MaxScopesPerConnection; i++)
        {
            Assert.True(sessions.Watch(connection.ConnectionId, $"shelter:s{i}"));
        }
        Assert.False(sessions.Watch(connection.ConnectionId, "shelter:one-more"));
        Assert.True(sessions.Watch(connection.ConnectionId, "shelter:s0"));
        sessions.Unwatch(connection.ConnectionId, "shelter:s0");
        Assert.True(sessions.Watch(connection.ConnectionId, "shelter:one-more"));
    }

    private sealed class Connection(string id) : HubCallerContext
    {
        public bool Aborted { get; private set; }

        public override string ConnectionId { get; } = id;

        public override string? UserIdentifier => null;

        public override ClaimsPrincipal? User { get; } = new(new ClaimsIdentity());

        public override IDictionary<object, object?> Items { get; } = new Dictionary<object, object?>();

        public override IFeatureCollection Features { get; } = new FeatureCollection();

        public override CancellationToken ConnectionAborted => default;

        public override void Abort() => Aborted = true;
    }

    /// <summary>Clients whose sends complete at once, except those in <see cref="Stalled"/>, whose sends wait until released.</summary>
    private sealed class Hub : IHubContext<DashboardHub>
    {
        private TaskCompletionSource _release = new();

        public Hub() => Clients = new Recipients(this);

        public HashSet<string> Stalled { get; } = [];

        public List<(string Connection, object? Message)> Sent { get; } = [];

        public IHubClients Clients { get; }

        public IGroupManager Groups => throw new NotSupportedException();

        public void Release()
        {
            _release.SetResult();
            _release = new TaskCompletionSource();
        }

        private Task Send(string connection, object? message)
        {
            Sent.Add((connection, message));
            return Stalled.Contains(connection) ? _release.Task : Task.CompletedTask;
        }

        private sealed class Recipients(Hub hub) : IHubClients
        {
            public IClientProxy All => throw new NotSupportedException();

            public ISingleClientProxy Client(string connectionId) => new Proxy(hub, connectionId);

            IClientProxy IHubClients<IClientProxy>.Client(string connectionId) => Client(connectionId);

            public IClientProxy AllExcept(IReadOnlyList<string> excludedConnectionIds) => throw new NotSupportedException();

            public IClientProxy Clients(IReadOnlyList<string> connectionIds) => throw new NotSupportedException();

            public IClientProxy Group(string groupName) => throw new NotSupportedException();

            public IClientProxy GroupExcept(string groupName, IReadOnlyList<string> excludedConnectionIds) => throw new NotSupportedException();

            public IClientProxy Groups(IReadOnlyList<string> groupNames) => throw new NotSupportedException();

            public IClientProxy User(string userId) => throw new NotSupportedException();

            public IClientProxy Users(IReadOnlyList<string> userIds) => throw new NotSupportedException();
        }

        private sealed class Proxy(Hub hub, string connection) : ISingleClientProxy
        {
            public Task SendCoreAsync(string method, object?[] args, CancellationToken cancellationToken = default) => hub.Send(connection, args.Single());

            public Task<T> InvokeCoreAsync<T>(string method, object?[] args, CancellationToken cancellationToken) => throw new NotSupportedException();
        }
    }
}
