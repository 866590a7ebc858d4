using Microsoft.Extensions.Options;
using OpenTelemetry;
using OpenTelemetry.Exporter;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;
using Shelter.Host.Access;
using Shelter.Host.Health;

namespace Shelter.Host.Telemetry;

/// <summary>Wires OpenTelemetry: the node's meters and Kestrel's, a Prometheus endpoint for admins, OTLP by configuration.</summary>
public static class TelemetrySetup
{
    public const string MetricsPath = "/metrics";

    public static void AddShelterTelemetry(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<TelemetryOptions>().Bind(configuration.GetSection(TelemetryOptions.Section)).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<ShelterMetrics>();
        var options = configuration.GetSection(TelemetryOptions.Section).Get<TelemetryOptions>() ?? new TelemetryOptions();
        var telemetry = services.AddOpenTelemetry().ConfigureResource(resource => resource.AddService("shelter"));
        telemetry.WithMetrics(metrics =>
        {
            metrics.AddMeter(ShelterMetrics.MeterName, ReadSideMonitor.MeterName, Revocation.CrlFollower.MeterName, Persistence.Sqlite.JournalMetrics.MeterName)
                .AddMeter("Microsoft.AspNetCore.Hosting", "Microsoft.AspNetCore.Server.Kestrel", "Microsoft.AspNetCore.Http.Connections")
                .AddPrometheusExporter();
            if (options.OtlpEndpoint is { } endpoint)
            {
                metrics.AddOtlpExporter((exporter, reader) =>
                {
                    exporter.Endpoint = new Uri(endpoint, "v1/metrics");
                    exporter.Protocol = OtlpExportProtocol.HttpProtobuf;
                    reader.PeriodicExportingMetricReaderOptions.ExportIntervalMilliseconds = (int)options.ExportInterval.TotalMilliseconds;
                });
            }
        });
        if (options.OtlpEndpoint is { } traces)
        {
            telemetry.WithTracing(tracing => tracing
                .SetSampler(new ParentBasedSampler(new TraceIdRatioBasedSampler(options.TraceSampling)))
                .AddSource(ShelterMetrics.ActivitySourceName)
                .AddAspNetCoreInstrumentation(aspnet => aspnet.Filter = context => !context.Request.Path.StartsWithSegments(MetricsPath))
                .AddOtlpExporter(exporter =>
                {
                    exporter.Endpoint = new Uri(traces, "v1/traces");
                    exporter.Protocol = OtlpExportProtocol.HttpProtobuf;
                }));
        }
    }

    /// <summary>The scrape endpoint, for admin tokens only: figures of a surge are not for the public.</summary>
    public static void MapShelterMetrics(this IEndpointRouteBuilder app) =>
        app.MapPrometheusScrapingEndpoint(MetricsPath).RequireAuthorization(AccessPolicies.Admin);
}
