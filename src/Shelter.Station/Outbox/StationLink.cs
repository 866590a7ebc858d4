using Shelter.Station.Server;

namespace Shelter.Station.Outbox;

/// <summary>What the volunteer's status strip shows of the station's link to the server.</summary>
/// <param name="Online">Whether the last contact got an answer.</param>
/// <param name="Waiting">Taps recorded and not yet answered.</param>
/// <param name="LastUpload">When the server last answered taps.</param>
/// <param name="Hold">Why sending stopped until a person acts, if it did.</param>
/// <param name="ClockAhead">The station's clock less the server's, as last seen in the server's <c>Date</c>.</param>
public sealed record LinkStatus(bool Online, int Waiting, DateTimeOffset? LastUpload, QueueHold Hold, TimeSpan? ClockAhead)
{
    /// <summary>A drift the volunteer is told of: the server refuses taps more than 5 min ahead, and moves recorded late mislead.</summary>
    public static readonly TimeSpan NoticeableDrift = TimeSpan.FromMinutes(1);

    public bool ClockInStep => ClockAhead is not { } ahead || ahead.Duration() <= NoticeableDrift;
}

/// <summary>
/// Keeps the outbox moving: sends whatever waits (single taps online, batches of up to 1,000 after an outage), waits
/// out failures with a growing, jittered pause and the server's <c>Retry-After</c>, refills server nonces while
/// online, notes the server's clock, and stops at a hold until <see cref="Resume"/>. Answers go to
/// <see cref="Answered"/> for the screen (late refusals of a backlog are its "needs attention" list).
/// </summary>
public sealed class StationLink(TapForwarder forwarder, TapOutbox outbox, NonceStock nonces, TimeProvider clock, Random? random = null)
{
    /// <summary>Fewer server nonces than this left while online: fetch more.</summary>
    public const int NonceLowWater = 5;

    public const int NonceBatch = 20;

    private readonly Random _random = random ?? Random.Shared;
    private readonly SemaphoreSlim _wake = new(0);
    private int _failures;

    public LinkStatus Status { get; private set; } = new(false, 0, null, QueueHold.None, null);

    /// <summary>Raised with the server's answers to each batch.</summary>
    public event Action<ForwardRound>? Answered;

    /// <summary>A tap was recorded (or a person cleared a hold): send now rather than at the next pause's end.</summary>
    public void Nudge() => _wake.Release();

    /// <summary>Clears a hold (after registering again, or the shelter opened) and sends at once.</summary>
    public void Resume()
    {
        Status = Status with { Hold = QueueHold.None };
        Nudge();
    }

    /// <summary>Sends until cancelled.</summary>
    public async Task Run(CancellationToken cancel)
    {
        while (!cancel.IsCancellationRequested)
        {
            var pause = await Step(cancel);
            try
            {
                await _wake.WaitAsync(pause, cancel);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    /// <summary>One round: sends what waits (unless held) and says how long to pause before the next.</summary>
    public async Task<TimeSpan> Step(CancellationToken cancel)
    {
        if (Status.Hold != QueueHold.None)
        {
            Status = Status with { Waiting = outbox.WaitingCount };
            return Timeout.InfiniteTimeSpan;
        }
        var waiting = outbox.WaitingCount;
        var round = waiting == 0 ? null : await forwarder.SendOnce(Protocol.ReaderProtocol.MaxTapsPerRequest, cancel);
        var online = round?.Online ?? Status.Online;
        if (round is not null && round.Online && nonces.Count < NonceLowWater)
        {
            await nonces.Refill(NonceBatch, cancel);
        }
        else if (round is null && nonces.Count < NonceLowWater)
        {
            online = await nonces.Refill(NonceBatch, cancel);
        }
        var now = clock.GetUtcNow();
        Status = new LinkStatus(online, outbox.WaitingCount, round is { Answers.Count: > 0 } ? now : Status.LastUpload, round?.Hold ?? QueueHold.None,
            round?.ServerTime is { } server ? now - server : Status.ClockAhead);
        if (round is not null)
        {
            Answered?.Invoke(round);
        }
        if (Status.Hold != QueueHold.None)
        {
            return Timeout.InfiniteTimeSpan;
        }
        if (round is { RetryAfter: { } retry })
        {
            return retry;
        }
        if (!online || round is { Answers.Count: 0 })
        {
            // Offline, or every tap came back unavailable (the cluster is moving shards): wait, longer each time.
            return TapForwarder.Backoff(++_failures, _random);
        }
        _failures = 0;
        // More waiting (a backlog larger than one batch): straight on. Otherwise idle until nudged, looking in now and then.
        return Status.Waiting > 0 ? TimeSpan.Zero : TimeSpan.FromSeconds(30);
    }
}
