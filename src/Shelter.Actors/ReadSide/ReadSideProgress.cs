using System.Collections.Concurrent;
using Akka.Actor;

namespace Shelter.Actors;

/// <summary>
/// How far each read-side part on this node (the relay, the dashboard projection) has come, as the parts report it:
/// whether it runs, whether it holds journal events it has not finished, since when, and how old the oldest of them
/// is. Read by health and metrics; written by the parts' own threads.
/// </summary>
public sealed class ReadSideProgress : IExtension
{
    private readonly ConcurrentDictionary<string, Part> _parts = new(StringComparer.Ordinal);

    public static ReadSideProgress Get(ActorSystem system) => system.WithExtension<ReadSideProgress, ReadSideProgressProvider>();

    public Part For(string name) => _parts.GetOrAdd(name, static n => new Part(n));

    /// <summary>The parts that have run on this node (the singletons run on one node of a cluster), by name.</summary>
    public IReadOnlyList<Part> Parts => [.. _parts.Values.OrderBy(p => p.Name, StringComparer.Ordinal)];

    /// <summary>One part's progress. Every change is taken under its lock; reads see a consistent <see cref="Sample"/>.</summary>
    public sealed class Part(string name)
    {
        private readonly Lock _lock = new();
        private bool _running;
        private DateTimeOffset _runningChangedAt = DateTimeOffset.UtcNow;
        private long _done;
        private long _pendingThrough;
        private DateTimeOffset? _oldestPendingAt;
        private DateTimeOffset _lastProgressAt = DateTimeOffset.UtcNow;

        public string Name { get; } = name;

        public void Running(bool running)
        {
            lock (_lock)
            {
                if (_running != running)
                {
                    _running = running;
                    _runningChangedAt = DateTimeOffset.UtcNow;
                }
            }
        }

        /// <summary>Events through <paramref name="offset"/> were read and are being worked on; the oldest was written at <paramref name="writtenAt"/>.</summary>
        public void Working(long offset, DateTimeOffset writtenAt)
        {
            lock (_lock)
            {
                if (offset <= _done)
                {
                    return;
                }
                if (_oldestPendingAt is null)
                {
                    _oldestPendingAt = writtenAt;
                    _lastProgressAt = DateTimeOffset.UtcNow;
                }
                _pendingThrough = Math.Max(_pendingThrough, offset);
            }
        }

        /// <summary>Everything through <paramref name="offset"/> is finished.</summary>
        public void Done(long offset, DateTimeOffset? nextOldestAt = null)
        {
            lock (_lock)
            {
                if (offset > _done)
                {
                    _done = offset;
                    _lastProgressAt = DateTimeOffset.UtcNow;
                }
                _oldestPendingAt = _done >= _pendingThrough ? null : nextOldestAt ?? _oldestPendingAt;
            }
        }

        public Sample Sample(DateTimeOffset now)
        {
            lock (_lock)
            {
                var busy = _oldestPendingAt is not null;
                return new Sample(Name, _running, now - _runningChangedAt, _done, busy,
                    busy ? now - _lastProgressAt : TimeSpan.Zero, busy ? now - _oldestPendingAt!.Value : TimeSpan.Zero);
            }
        }
    }

    /// <param name="RunningFor">How long the part has been running, or stopped when <paramref name="Running"/> is false.</param>
    /// <param name="Offset">The journal offset through which the part has finished.</param>
    /// <param name="Busy">It holds events it has not finished.</param>
    /// <param name="WithoutProgress">While busy, how long since it last finished anything.</param>
    /// <param name="Lag">While busy, the age of the oldest event it has not finished.</param>
    public sealed record Sample(string Name, bool Running, TimeSpan RunningFor, long Offset, bool Busy, TimeSpan WithoutProgress, TimeSpan Lag);
}

public sealed class ReadSideProgressProvider : ExtensionIdProvider<ReadSideProgress>
{
    public override ReadSideProgress CreateExtension(ExtendedActorSystem system) => new();
}
