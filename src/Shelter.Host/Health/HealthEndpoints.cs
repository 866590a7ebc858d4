using System.Text.Json;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Shelter.Host.Health;

/// <summary>
/// Health split by what asks: <c>/alive</c> for a supervisor deciding whether to restart the process, <c>/ready</c>
/// for a load balancer deciding whether to send taps, <c>/health</c> for people, with every check's detail.
/// </summary>
public static class HealthEndpoints
{
    /// <summary>Checks that decide <c>/ready</c>: red only while this node cannot take taps.</summary>
    public const string Ready = "ready";

    /// <summary>Checks that decide <c>/alive</c>.</summary>
    public const string Live = "live";

    public static IHealthChecksBuilder AddShelterHealthChecks(this IServiceCollection services) => services.AddHealthChecks()
        .AddCheck("process", () => HealthCheckResult.Healthy("the process answers"), [Live])
        .AddCheck<ClusterHealthCheck>("cluster", tags: [Ready])
        .AddCheck<JournalHealthCheck>("journal", tags: [Ready])
        .AddCheck<ReadSideHealthCheck>("read-side")
        .AddCheck<Revocation.CrlHealthCheck>("revocation");

    public static void MapShelterHealth(this IEndpointRouteBuilder app)
    {
        app.MapHealthChecks("/alive", new HealthCheckOptions { Predicate = check => check.Tags.Contains(Live) }).AllowAnonymous();
        app.MapHealthChecks("/ready", new HealthCheckOptions { Predicate = check => check.Tags.Contains(Ready) }).AllowAnonymous();
        // Kept for scripts and images written before /ready: the same answer.
        app.MapHealthChecks("/healthz", new HealthCheckOptions { Predicate = check => check.Tags.Contains(Ready) }).AllowAnonymous();
        app.MapHealthChecks("/health", new HealthCheckOptions { ResponseWriter = WriteDetail }).AllowAnonymous();
    }

    /// <summary>Status, and per check its status, description, duration and data; never a token or personal data.</summary>
    private static Task WriteDetail(HttpContext context, HealthReport report)
    {
        context.Response.ContentType = "application/json; charset=utf-8";
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            json.WriteStartObject();
            json.WriteString("status", report.Status.ToString());
            json.WriteNumber("durationMs", Math.Round(report.TotalDuration.TotalMilliseconds, 1));
            json.WriteStartObject("checks");
            foreach (var (name, entry) in report.Entries)
            {
                json.WriteStartObject(name);
                json.WriteString("status", entry.Status.ToString());
                json.WriteString("description", entry.Description);
                json.WriteNumber("durationMs", Math.Round(entry.Duration.TotalMilliseconds, 1));
                json.WriteStartArray("tags");
                foreach (var tag in entry.Tags)
                {
                    json.WriteStringValue(tag);
                }
                json.WriteEndArray();
                json.WriteStartObject("data");
                foreach (var (key, value) in entry.Data)
                {
                    json.WriteString(key, Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture));
                }
                json.WriteEndObject();
                json.WriteEndObject();
            }
            json.WriteEndObject();
            json.WriteEndObject();
        }
        return context.Response.Body.WriteAsync(buffer.ToArray()).AsTask();
    }
}
