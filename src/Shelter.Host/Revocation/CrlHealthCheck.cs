using Microsoft.Extensions.Diagnostics.HealthChecks;
using Shelter.Credentials.Revocation;

namespace Shelter.Host.Revocation;

/// <summary>
/// Degraded while a CRL in force is past its next update. No <c>ready</c> tag: taps go on (a stale CRL still
/// refuses what it lists); operators are told through <c>/health</c>, the log and the gauge.
/// </summary>
public sealed class CrlHealthCheck(CrlStore crls, TimeProvider clock) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var now = clock.GetUtcNow();
        var loaded = crls.Loaded();
        var data = loaded.ToDictionary(c => c.Issuer, c => (object)(c.NextUpdate is { } next
            ? $"{(c.OverdueAt(now) ? "overdue" : "in force")}: next update {next:O}, {c.RevokedCount} revoked"
            : $"in force: no next update given, {c.RevokedCount} revoked"), StringComparer.Ordinal);
        var overdue = loaded.Where(c => c.OverdueAt(now)).ToList();
        return Task.FromResult(loaded.Count == 0
            ? HealthCheckResult.Healthy("no CRL is loaded (POST /api/v1/crls imports one)", data)
            : overdue.Count == 0
                ? HealthCheckResult.Healthy("every CRL in force is current", data)
                : HealthCheckResult.Degraded(string.Join("; ", overdue.Select(c => $"the CRL from {c.Issuer} is past its next update ({c.NextUpdate:O})")), data: data));
    }
}
