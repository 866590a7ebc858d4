using Microsoft.Extensions.Options;
using Shelter.Privacy;

namespace Shelter.Host.Privacy;

/// <summary>
/// Erases the people of each closed disaster once its retention period is over: every node sweeps, the first to
/// claim a closing erases it (keys and search terms destroyed in one act; counts stay).
/// </summary>
public sealed class RetentionSweeper(DisasterClosings closings, PeopleDirectory people, IOptions<PeopleOptions> options, TimeProvider clock,
    ILogger<RetentionSweeper> log) : BackgroundService
{
    public const string By = "retention";

    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        await closings.Initialize(cancellationToken);
        await base.StartAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.SweepEvery, clock);
        try
        {
            do
            {
                try
                {
                    await Sweep(stoppingToken);
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    log.LogWarning(ex, "Could not sweep closed disasters for erasure; trying again at the next sweep");
                }
            }
            while (await timer.WaitForNextTickAsync(stoppingToken));
        }
        catch (OperationCanceledException)
        {
        }
    }

    public async Task Sweep(CancellationToken cancel)
    {
        var now = clock.GetUtcNow();
        foreach (var closing in await closings.Due(now, cancel))
        {
            if (!await closings.Claim(closing.Id, now, cancel))
            {
                continue;
            }
            var erased = await people.EraseRegisteredBefore(closing.Municipality, closing.ClosedAt, By, cancel);
            await closings.Erased(closing.Id, erased, cancel);
            log.LogInformation("Erased {Count} people of municipality {Municipality}: the disaster closed at {ClosedAt:O}, kept until {EraseAfter:O}",
                erased, closing.Municipality, closing.ClosedAt, closing.EraseAfter);
        }
    }
}
