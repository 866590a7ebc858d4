namespace Shelter.Persistence.Sqlite;

/// <summary>
/// What the journal writer can say of itself, for a readiness check: whether it can take writes now, why not, and how
/// full its queue is. Updated by the writer's thread and read by anyone.
/// </summary>
public sealed class SqliteJournalHealth
{
    private volatile string? _failure;
    private long _failedSinceTicks;
    private long _rejectedFull;
    private long _commits;
    private long _commitStartedTicks;
    private Func<int> _queued = static () => 0;

    /// <summary>True once a journal writer has opened the file in this actor system.</summary>
    public bool Started { get; private set; }

    /// <summary>Why writes fail at once (the file could not be written and is being probed), or null while they are taken.</summary>
    public string? Failure => _failure;

    public DateTimeOffset? FailedSince => _failure is null ? null : new DateTimeOffset(Interlocked.Read(ref _failedSinceTicks), TimeSpan.Zero);

    public int QueuedWrites => _queued();

    public int QueueCapacity { get; private set; }

    /// <summary>True while the write queue holds as many writes as it may: new ones are refused at once.</summary>
    public bool QueueFull => QueueCapacity > 0 && QueuedWrites >= QueueCapacity;

    public long RejectedWhileFull => Interlocked.Read(ref _rejectedFull);

    public long Commits => Interlocked.Read(ref _commits);

    /// <summary>When the commit now running began, or null between commits: a commit stuck on a lock or a slow disk shows here.</summary>
    public DateTimeOffset? CommitStartedAt => Interlocked.Read(ref _commitStartedTicks) is var ticks and > 0 ? new DateTimeOffset(ticks, TimeSpan.Zero) : null;

    internal void Start(int capacity, Func<int> queued)
    {
        QueueCapacity = capacity;
        _queued = queued;
        Started = true;
    }

    /// <summary>Raised on the writer's thread when writes start failing (with the reason) and when they are taken again (null).</summary>
    public event Action<string?>? Changed;

    internal void Fail(string reason)
    {
        var first = _failure is null;
        if (first)
        {
            Interlocked.Exchange(ref _failedSinceTicks, DateTimeOffset.UtcNow.UtcTicks);
        }
        _failure = reason;
        if (first)
        {
            Changed?.Invoke(reason);
        }
    }

    internal void Recover()
    {
        if (_failure is not null)
        {
            _failure = null;
            Changed?.Invoke(null);
        }
    }

    internal void Committing() => Interlocked.Exchange(ref _commitStartedTicks, DateTimeOffset.UtcNow.UtcTicks);

    internal void Committed()
    {
        CommitEnded();
        Interlocked.Increment(ref _commits);
    }

    internal void CommitEnded() => Interlocked.Exchange(ref _commitStartedTicks, 0);

    internal void RejectedFull() => Interlocked.Increment(ref _rejectedFull);
}
