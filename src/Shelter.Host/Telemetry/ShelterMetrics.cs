using System.Diagnostics;
using System.Diagnostics.Metrics;
using Shelter.Protocol;

namespace Shelter.Host.Telemetry;

/// <summary>
/// The node's own meters for operators. Every tag has few values (statuses, reason codes, protocol versions): never a
/// shelter, reader or person, so a surge of readers cannot grow the series a scraper keeps.
/// </summary>
public sealed class ShelterMetrics
{
    public const string MeterName = "Shelter";
    public const string ActivitySourceName = "Shelter";

    public static readonly ActivitySource Activities = new(ActivitySourceName);

    // One meter for the process, never disposed: OpenTelemetry stops listening to every meter of a name once any meter of
    // that name is disposed (opentelemetry-dotnet issue 6412), so a meter per host would go silent when a second host in
    // the same process (tests do this) stops. Nodes run one host per process; the figures are the node's.
    private static readonly Meter Meter = new(MeterName);

    private static readonly Counter<long> Taps = Meter.CreateCounter<long>("shelter.taps", "{tap}", "Taps answered, by status and reason");
    private static readonly Histogram<double> TapDuration = Meter.CreateHistogram<double>("shelter.tap.duration", "s", "From a tap's arrival to the evacuee entity's answer");
    private static readonly Histogram<double> BatchDuration = Meter.CreateHistogram<double>("shelter.tap_batch.duration", "s", "A reader's whole upload, from its request to the answer");
    private static readonly Counter<long> Uploads = Meter.CreateCounter<long>("shelter.station.uploads", "{request}", "Uploads from reader stations, by protocol and outcome");
    private static readonly Histogram<long> Backlog = Meter.CreateHistogram<long>("shelter.station.backlog", "{tap}", "Taps a station said it still held when it uploaded");
    private static readonly UpDownCounter<long> Connections = Meter.CreateUpDownCounter<long>("shelter.dashboard.connections", "{connection}", "Dashboard connections open on this node");
    private static readonly Histogram<double> BroadcastDuration = Meter.CreateHistogram<double>("shelter.dashboard.broadcast.duration", "s",
        "One dashboard refresh: taking the projection's changes and sending them");

    public void Answered(IReadOnlyList<TapAnswer> answers, string protocol)
    {
        foreach (var answer in answers)
        {
            Taps.Add(1, new("status", answer.Status), new("reason", answer.Reason ?? "none"), new("protocol", protocol));
        }
    }

    public void TapAnswered(TimeSpan elapsed) => TapDuration.Record(elapsed.TotalSeconds);

    public void Uploaded(string protocol, int statusCode, TimeSpan elapsed, int? backlog)
    {
        var outcome = statusCode switch
        {
            < 300 => "answered",
            429 => "rate-limited",
            503 => "unavailable",
            _ => "refused",
        };
        Uploads.Add(1, new("protocol", protocol), new("outcome", outcome));
        BatchDuration.Record(elapsed.TotalSeconds, new KeyValuePair<string, object?>("protocol", protocol));
        if (backlog is { } waiting)
        {
            Backlog.Record(waiting);
        }
    }

    public void Connected() => Connections.Add(1);

    public void Disconnected() => Connections.Add(-1);

    public void Broadcast(TimeSpan elapsed) => BroadcastDuration.Record(elapsed.TotalSeconds);
}
