using System.Diagnostics.Metrics;
using Shelter.Credentials.Revocation;

namespace Shelter.Host.Revocation;

/// <summary>
/// Loads the CRLs imported through the admin API at start (before the first tap), follows new imports every few
/// seconds, and warns while a CRL in force is past its next update: its root may have revoked certificates since,
/// which this node does not know of. The gauge <c>shelter.crl.next_update</c> says how long until each one is due.
/// </summary>
public sealed class CrlFollower : BackgroundService
{
    public const string MeterName = "Shelter.Revocation";
    public static readonly TimeSpan FollowEvery = TimeSpan.FromSeconds(2);
    public static readonly TimeSpan WarnEvery = TimeSpan.FromHours(1);

    private readonly CrlArchive _archive;
    private readonly CrlStore _crls;
    private readonly TimeProvider _clock;
    private readonly ILogger<CrlFollower> _log;
    private readonly Dictionary<string, DateTimeOffset> _warned = new(StringComparer.Ordinal);
    private long _cursor;

    public CrlFollower(CrlArchive archive, CrlStore crls, TimeProvider clock, ILogger<CrlFollower> log, IMeterFactory meters)
    {
        (_archive, _crls, _clock, _log) = (archive, crls, clock, log);
        meters.Create(MeterName).CreateObservableGauge("shelter.crl.next_update",
            () => _crls.Loaded().Where(c => c.NextUpdate is not null)
                .Select(c => new Measurement<double>((c.NextUpdate!.Value - _clock.GetUtcNow()).TotalSeconds, new KeyValuePair<string, object?>("issuer", c.Issuer))),
            "s", "Seconds until each CRL in force is due for its next update; negative once it is overdue");
    }

    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        await _archive.Initialize(cancellationToken);
        await Follow(cancellationToken);
        await base.StartAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(FollowEvery, _clock);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                try
                {
                    await Follow(stoppingToken);
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    _log.LogWarning(ex, "Could not read imported CRLs from the store; trying again");
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    private async Task Follow(CancellationToken cancel)
    {
        IReadOnlyList<CrlArchive.Entry> entries;
        do
        {
            entries = await _archive.Since(_cursor, cancel);
            foreach (var entry in entries)
            {
                var import = _crls.Import(entry.Der);
                if (import.Imported)
                {
                    _log.LogInformation("CRL from {Issuer} issued {ThisUpdate:O}, next update {NextUpdate:O}: {Count} revoked", import.Issuer, import.ThisUpdate,
                        import.NextUpdate, import.RevokedCount);
                }
                else if (!import.Older)
                {
                    _log.LogWarning("An imported CRL was not loaded: {Error}", import.Error);
                }
                _cursor = entry.Seq;
            }
        }
        while (entries.Count == CrlArchive.RowsPerRead);
        WarnOverdue();
    }

    private void WarnOverdue()
    {
        var now = _clock.GetUtcNow();
        foreach (var crl in _crls.Loaded().Where(c => c.OverdueAt(now)))
        {
            if (!_warned.TryGetValue(crl.AnchorFingerprint, out var at) || now - at >= WarnEvery)
            {
                _warned[crl.AnchorFingerprint] = now;
                _log.LogWarning("The CRL from {Issuer} was due for its next update at {NextUpdate:O}: import a newer one (POST /api/v1/crls)", crl.Issuer, crl.NextUpdate);
            }
        }
    }
}
