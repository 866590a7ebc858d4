using System.Diagnostics.Metrics;
using Akka.Actor;
using Microsoft.Extensions.Options;
using Shelter.Actors;
using Shelter.Host.Options;

namespace Shelter.Host.Health;

/// <summary>
/// Watches the read-side parts on this node: says in <c>/health</c> (never in <c>/ready</c>) and in the
/// <c>shelter.read_side.*</c> instruments which is stalled, behind or down, and logs a warning when one becomes so
/// and again every minute it stays so. A part that lags is not a reason to take taps elsewhere: at a surge peak every
/// node lags at once, and a load balancer that emptied the cluster would lose the taps it exists for.
/// </summary>
public sealed class ReadSideMonitor : BackgroundService
{
    public const string MeterName = "Shelter.ReadSide";
    private static readonly TimeSpan RepeatWarningEvery = TimeSpan.FromMinutes(1);

    private readonly IServiceProvider _services;
    private readonly ReadSideOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger<ReadSideMonitor> _log;
    private readonly Meter _meter;
    private readonly Dictionary<string, (ReadSideCondition Condition, DateTimeOffset WarnedAt)> _last = new(StringComparer.Ordinal);

    /// <param name="services">The actor system is taken from here when first sampled: it starts after this service is made.</param>
    public ReadSideMonitor(IServiceProvider services, IOptions<ReadSideOptions> options, TimeProvider time, ILogger<ReadSideMonitor> log, IMeterFactory meters)
    {
        _services = services;
        _options = options.Value;
        _time = time;
        _log = log;
        _meter = meters.Create(MeterName);
        _meter.CreateObservableGauge("shelter.read_side.lag", () => Measure(s => s.Sample.Lag.TotalSeconds), "s",
            "Age of the oldest journal event a read-side part holds unfinished (0 when it has none)");
        _meter.CreateObservableGauge("shelter.read_side.offset", () => Measure(s => (double)s.Sample.Offset), "{event}",
            "Journal offset through which a read-side part has finished");
        _meter.CreateObservableGauge("shelter.read_side.stalled", () => Measure(s => s.Condition == ReadSideCondition.Healthy ? 0d : 1d), "{part}",
            "1 while a read-side part is stalled, behind or down");
    }

    /// <summary>Every part that has run on this node, with what it is now.</summary>
    public IReadOnlyList<ReadSideState> Now()
    {
        var now = _time.GetUtcNow();
        return _services.GetService<ActorSystem>() is { } system ? [.. ReadSideProgress.Get(system).Parts.Select(part => Judge(part.Sample(now)))] : [];
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(_options.SampleEvery, _time);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            var now = _time.GetUtcNow();
            foreach (var state in Now())
            {
                var seen = _last.TryGetValue(state.Sample.Name, out var last);
                if (state.Condition == ReadSideCondition.Healthy)
                {
                    if (seen && last.Condition != ReadSideCondition.Healthy)
                    {
                        _log.LogInformation("Read side {Part} is healthy again at offset {Offset}", state.Sample.Name, state.Sample.Offset);
                    }
                    _last[state.Sample.Name] = (state.Condition, DateTimeOffset.MinValue);
                }
                else if (!seen || last.Condition != state.Condition || now - last.WarnedAt >= RepeatWarningEvery)
                {
                    _log.LogWarning("Read side {Part} is {Condition}: {Description}", state.Sample.Name, state.Condition, state.Description);
                    _last[state.Sample.Name] = (state.Condition, now);
                }
            }
        }
    }

    private ReadSideState Judge(ReadSideProgress.Sample sample)
    {
        if (!sample.Running && sample.RunningFor >= _options.DownAfter)
        {
            return new(sample, ReadSideCondition.Down, $"not running for {Seconds(sample.RunningFor)}, finished through offset {sample.Offset}");
        }
        if (sample.Busy && sample.WithoutProgress >= _options.StalledAfter)
        {
            return new(sample, ReadSideCondition.Stalled,
                $"holds unfinished events and has finished none for {Seconds(sample.WithoutProgress)}; the oldest is {Seconds(sample.Lag)} old");
        }
        if (sample.Busy && sample.Lag >= _options.BehindAfter)
        {
            return new(sample, ReadSideCondition.Behind, $"the oldest event it has not finished is {Seconds(sample.Lag)} old");
        }
        return new(sample, ReadSideCondition.Healthy, sample.Busy
            ? $"working, {Seconds(sample.Lag)} behind the journal"
            : $"caught up through offset {sample.Offset}");
    }

    private IEnumerable<Measurement<double>> Measure(Func<ReadSideState, double> value) =>
        Now().Select(state => new Measurement<double>(value(state), new KeyValuePair<string, object?>("part", state.Sample.Name)));

    private static string Seconds(TimeSpan span) => $"{span.TotalSeconds:0.0} s";

    public override void Dispose()
    {
        _meter.Dispose();
        base.Dispose();
    }
}

public enum ReadSideCondition
{
    Healthy,
    Behind,
    Stalled,
    Down,
}

public sealed record ReadSideState(ReadSideProgress.Sample Sample, ReadSideCondition Condition, string Description);
