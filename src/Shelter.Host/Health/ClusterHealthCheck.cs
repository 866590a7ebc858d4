using Akka.Actor;
using Akka.Cluster;
using Akka.Hosting;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Shelter.Actors;

namespace Shelter.Host.Health;

/// <summary>Healthy when this node is an Up member of the cluster and its regions have started.</summary>
public sealed class ClusterHealthCheck(ActorSystem system, ActorRegistry registry) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var member = Cluster.Get(system).SelfMember;
        var data = new Dictionary<string, object> { ["member"] = member.Status.ToString(), ["address"] = member.Address.ToString() };
        return Task.FromResult(!registry.TryGet<EvacueeRegion>(out _) || member.Status != MemberStatus.Up
            ? HealthCheckResult.Unhealthy($"cluster member is {member.Status}", data: data)
            : HealthCheckResult.Healthy("cluster member is Up", data));
    }
}
