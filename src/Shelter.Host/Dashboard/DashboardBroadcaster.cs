using Akka.Actor;
using Akka.Hosting;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.Options;
using Shelter.Actors;
using Shelter.Host.Options;

namespace Shelter.Host.Dashboard;

/// <summary>
/// Coalesces the surge: every interval it asks the projection what changed since last time and sends each affected
/// scope one message with the changed shelters and their municipalities' totals. A thousand taps a second become two
/// messages a second per scope. Messages carry current figures, not increments, so a viewer that misses one is whole
/// again with the next, and nothing queues up per slow client beyond SignalR's bounded transport buffer.
/// </summary>
public sealed class DashboardBroadcaster(IRequiredActor<DashboardProjection> projection, DashboardState state, IHubContext<DashboardHub> hub, HubSessions sessions,
    IOptions<DashboardOptions> options, TimeProvider clock, Telemetry.ShelterMetrics metrics, ILogger<DashboardBroadcaster> log) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var dashboard = await projection.GetAsync(stoppingToken);
        using var timer = new PeriodicTimer(options.Value.UpdateInterval);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            var started = clock.GetTimestamp();
            try
            {
                var answer = await dashboard.Ask<DashboardAnswer>(new GetDashboard(state.Version), TimeSpan.FromSeconds(5), stoppingToken);
                var (changed, alerts) = state.Take(answer);
                if (changed.Count == 0)
                {
                    continue;
                }
                var scopes = changed.SelectMany(s => new[] { DashboardScopes.All, DashboardScopes.Municipality(s.Municipality), DashboardScopes.Shelter(s.Id) }).Distinct();
                var now = clock.GetUtcNow();
                foreach (var scope in scopes)
                {
                    // Built only for a scope someone watches: with ten thousand shelters changed, most scopes have no viewer.
                    var update = new Lazy<object>(() =>
                    {
                        var shelters = changed.Where(s => DashboardState.InScope(s, scope)).ToArray();
                        var municipalities = shelters.Select(s => s.Municipality).ToHashSet(StringComparer.Ordinal);
                        return new DashboardView(shelters,
                            DashboardViews.Municipalities(state.View(DashboardScopes.All).Shelters.Where(s => municipalities.Contains(s.Municipality))), now);
                    });
                    var whole = new Lazy<object>(() => state.View(scope));
                    sessions.Send(hub, scope, "update", () => update.Value, () => whole.Value, now);
                    var scopedAlerts = alerts.Where(a => DashboardState.InScope(a.ShelterId, a.Municipality, scope)).ToArray();
                    if (scopedAlerts.Length > 0)
                    {
                        sessions.Send(hub, scope, "alerts", () => scopedAlerts, () => scopedAlerts, now);
                    }
                }
                metrics.Broadcast(clock.GetElapsedTime(started));
            }
            catch (Exception ex) when (ex is AskTimeoutException or TaskCanceledException && !stoppingToken.IsCancellationRequested)
            {
                log.LogWarning("dashboard projection did not answer; retrying next interval");
            }
        }
    }
}
