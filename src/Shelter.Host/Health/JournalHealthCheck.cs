using Akka.Actor;
using Akka.Hosting;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Shelter.Actors;

namespace Shelter.Host.Health;

/// <summary>Healthy when a shelter entity answers: that needs sharding and a journal that recovers entities.</summary>
public sealed class JournalHealthCheck(IRequiredActor<ShelterRegion> shelters, ActorRegistry registry) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        if (!registry.TryGet<ShelterRegion>(out _))
        {
            return HealthCheckResult.Unhealthy("actor system not started");
        }
        try
        {
            await (await shelters.GetAsync(cancellationToken)).Ask<ShelterStatus>(new GetShelterStatus("_health"), TimeSpan.FromSeconds(5), cancellationToken);
            return HealthCheckResult.Healthy("an entity recovered and answered");
        }
        catch (Exception ex) when (ex is AskTimeoutException or TaskCanceledException)
        {
            return HealthCheckResult.Unhealthy("no entity answered within 5 s", ex);
        }
    }
}
