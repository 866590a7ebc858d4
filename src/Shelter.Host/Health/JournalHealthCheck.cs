using Akka.Actor;
using Akka.Hosting;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Shelter.Actors;
using Shelter.Persistence.Sqlite;

namespace Shelter.Host.Health;

/// <summary>
/// Healthy when this node can record taps: with the SQLite journal, its writer takes writes (its file did not fail,
/// its queue has room, no commit is stuck); and a shelter entity answers, which needs sharding and a journal that
/// recovers entities.
/// </summary>
public sealed class JournalHealthCheck(ActorSystem system, IRequiredActor<ShelterRegion> shelters, ActorRegistry registry) : IHealthCheck
{
    /// <summary>A commit running longer than this holds every tap behind it.</summary>
    private static readonly TimeSpan StuckCommit = TimeSpan.FromSeconds(5);

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        if (!registry.TryGet<ShelterRegion>(out _))
        {
            return HealthCheckResult.Unhealthy("actor system not started");
        }
        var writer = SqliteJournalExtension.Get(system).Health;
        var data = new Dictionary<string, object>();
        if (writer.Started)
        {
            data["queuedWrites"] = writer.QueuedWrites;
            data["queueCapacity"] = writer.QueueCapacity;
            data["commits"] = writer.Commits;
            data["refusedWhileFull"] = writer.RejectedWhileFull;
            if (writer.Failure is { } failure)
            {
                data["failedSince"] = writer.FailedSince!.Value.ToString("O");
                return HealthCheckResult.Unhealthy($"the journal file cannot be written ({failure}); taps are refused until a probe commit succeeds", data: data);
            }
            if (writer.QueueFull)
            {
                return HealthCheckResult.Unhealthy("the journal's write queue is full; new taps are refused", data: data);
            }
            if (writer.CommitStartedAt is { } started && DateTimeOffset.UtcNow - started > StuckCommit)
            {
                data["commitRunningMs"] = (long)(DateTimeOffset.UtcNow - started).TotalMilliseconds;
                return HealthCheckResult.Unhealthy("a journal commit has run for more than 5 s; taps wait behind it", data: data);
            }
        }
        try
        {
            await (await shelters.GetAsync(cancellationToken)).Ask<ShelterStatus>(new GetShelterStatus("_health"), TimeSpan.FromSeconds(5), cancellationToken);
            return HealthCheckResult.Healthy(writer.Started ? "the journal takes writes and an entity recovered and answered" : "an entity recovered and answered", data);
        }
        catch (Exception ex) when (ex is AskTimeoutException or TaskCanceledException)
        {
            return HealthCheckResult.Unhealthy("no entity answered within 5 s", ex, data);
        }
    }
}
