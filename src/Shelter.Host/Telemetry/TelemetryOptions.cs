using System.ComponentModel.DataAnnotations;

namespace Shelter.Host.Telemetry;

/// <summary>
/// Where the node's metrics and traces go. The Prometheus endpoint (<c>/metrics</c>) is always served, to admin tokens
/// only; OTLP export (HTTP/protobuf) is on when <see cref="OtlpEndpoint"/> is set.
/// </summary>
public sealed class TelemetryOptions
{
    public const string Section = "Shelter:Telemetry";

    /// <summary>An OTLP/HTTP collector's base address, such as <c>http://collector:4318</c>; metrics go to <c>/v1/metrics</c>, traces to <c>/v1/traces</c>.</summary>
    public Uri? OtlpEndpoint { get; set; }

    /// <summary>How often metrics are pushed over OTLP.</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "01:00:00")]
    public TimeSpan ExportInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>The share of requests traced (0 to 1); errors are not kept apart, so keep it low in a surge.</summary>
    [Range(0.0, 1.0)]
    public double TraceSampling { get; set; } = 0.01;
}
