using Shelter.Privacy;

namespace Shelter.Host.Holds;

/// <summary>
/// Loads the holds in force at start (before the first tap is taken) and then follows the store's change feed each
/// second, so a hold placed or lifted on any node is honoured on this one within seconds.
/// </summary>
public sealed class HoldFollower(CredentialHoldStore store, HeldCredentials held, TimeProvider clock, ILogger<HoldFollower> log) : BackgroundService
{
    public static readonly TimeSpan FollowEvery = TimeSpan.FromSeconds(1);

    private long _cursor;

    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        await store.Initialize(cancellationToken);
        var (cursor, holds) = await store.InForce(cancellationToken);
        _cursor = cursor;
        held.Apply(holds);
        log.LogInformation("{Count} credential holds in force", holds.Count);
        await base.StartAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(FollowEvery, clock);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                try
                {
                    IReadOnlyList<CredentialHoldStore.Hold> changed;
                    do
                    {
                        (_cursor, changed) = await store.ChangesSince(_cursor, stoppingToken);
                        held.Apply(changed);
                    }
                    while (changed.Count == CredentialHoldStore.ChangesPerRead);
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    log.LogWarning(ex, "Could not read credential holds from the store; trying again");
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
    }
}
