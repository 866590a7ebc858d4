using Microsoft.Extensions.Options;
using Shelter.Access;

namespace Shelter.Host.Access;

/// <summary>
/// Keeps this node's token directory in step with the store: reads the revocations any node made, so a revoked token
/// stops working everywhere within a second, and writes last-used times in batches.
/// </summary>
public sealed class AccessFollower(AccessStore store, TokenDirectory directory, TimeProvider clock, IOptions<AccessOptions> options,
    ILogger<AccessFollower> log) : BackgroundService
{
    /// <summary>The store's tables exist before Kestrel takes the first request (hosted services start before the server).</summary>
    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        await store.Initialize(cancellationToken);
        await base.StartAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var cursor = await store.LatestChange(stoppingToken);
        var nextFlush = clock.GetUtcNow() + options.Value.RecordUseEvery;
        using var timer = new PeriodicTimer(options.Value.FollowRevocationsEvery, clock);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                try
                {
                    IReadOnlyList<string> changed;
                    do
                    {
                        (cursor, changed) = await store.ChangesSince(cursor, stoppingToken);
                        directory.Forget(changed);
                    }
                    while (changed.Count == AccessStore.ChangesPerRead);
                    if (clock.GetUtcNow() >= nextFlush)
                    {
                        await store.RecordUse(directory.TakeUses(), stoppingToken);
                        nextFlush = clock.GetUtcNow() + options.Value.RecordUseEvery;
                    }
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    log.LogWarning(ex, "Could not read revocations from the access store; trying again");
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
        await store.RecordUse(directory.TakeUses(), CancellationToken.None);
    }
}
