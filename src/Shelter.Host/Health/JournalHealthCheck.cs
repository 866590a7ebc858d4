using Akka.Actor;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Shelter.Actors;

namespace Shelter.Host.Health;

/// <summary>Healthy when a shelter entity answers: that needs sharding and a journal that recovers entities.</summary>
public sealed class JournalHealthCheck(ShelterNode node) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        if (!node.IsStarted)
        {
            return HealthCheckResult.Unhealthy("actor system not started");
        }
        try
        {
            var regions = await node.Regions;
            await regions.Shelters.Ask<ShelterStatus>(new GetShelterStatus("_health"), TimeSpan.FromSeconds(5), cancellationToken);
            return HealthCheckResult.Healthy("an entity recovered and answered");
        }
        catch (Exception ex) when (ex is AskTimeoutException or TaskCanceledException)
        {
            return HealthCheckResult.Unhealthy("no entity answered within 5 s", ex);
        }
    }
}
