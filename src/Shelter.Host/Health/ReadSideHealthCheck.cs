using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Shelter.Host.Health;

/// <summary>
/// The read side's state for <c>/health</c>: degraded while a part on this node is stalled, behind or down. It has no
/// <c>ready</c> tag, so it never takes the node out of a load balancer (see <see cref="ReadSideMonitor"/>).
/// </summary>
public sealed class ReadSideHealthCheck(ReadSideMonitor monitor) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var states = monitor.Now();
        var data = new Dictionary<string, object>();
        foreach (var state in states)
        {
            data[state.Sample.Name] = $"{state.Condition.ToString().ToLowerInvariant()}: {state.Description}";
        }
        var unwell = states.Where(s => s.Condition != ReadSideCondition.Healthy).ToList();
        return Task.FromResult(states.Count == 0
            ? HealthCheckResult.Healthy("no read-side part runs on this node (the relay and the projection are cluster singletons)", data)
            : unwell.Count == 0
                ? HealthCheckResult.Healthy("every read-side part on this node keeps up", data)
                : HealthCheckResult.Degraded(string.Join("; ", unwell.Select(s => $"{s.Sample.Name} is {s.Condition.ToString().ToLowerInvariant()}")), data: data));
    }
}
