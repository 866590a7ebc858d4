using Akka;
using Akka.Actor;
using Akka.Event;
using Akka.Persistence;
using Akka.Persistence.Query;
using Akka.Streams;
using Akka.Streams.Dsl;

namespace Shelter.Actors;

/// <summary>
/// A persistent actor that follows the journal from an offset it stores itself (the relay, the dashboard
/// projection). It runs the subclass's stream, stops it with the actor, and when the stream ends or fails (the
/// database went away, an ask timed out) starts it again after a delay from the last stored offset.
/// </summary>
public abstract class JournalFollower : ReceivePersistentActor, IWithTimers
{
    private readonly string _readJournalPluginId;
    private UniqueKillSwitch? _stream;

    /// <param name="readJournalPluginId">The read journal that matches the journal the node writes to.</param>
    protected JournalFollower(string readJournalPluginId)
    {
        _readJournalPluginId = readJournalPluginId;
        Command<StreamEnded>(ended =>
        {
            Progress.Running(false);
            Log.Warning(ended.Error, "{0}: journal stream ended at offset {1}; restarting in {2}", PersistenceId, Offset, RestartDelay);
            Timers.StartSingleTimer(nameof(Restart), new Restart(), RestartDelay);
        });
        Command<Restart>(_ => StartStream());
        Command<LegacyStateReader.Recovered>(legacy => Adopt(legacy.Snapshot, legacy.Events, StartStream));
    }

    public ITimerScheduler Timers { get; set; } = null!;

    protected IMaterializer Materializer { get; } = Context.Materializer();

    /// <summary>This part's entry in <see cref="ReadSideProgress"/>, under <see cref="PartName"/>.</summary>
    protected ReadSideProgress.Part Progress => field ??= ReadSideProgress.Get(Context.System).For(PartName);

    /// <summary>The name health and metrics show this part under.</summary>
    protected abstract string PartName { get; }

    /// <summary>When a journal event was written: journals stamp rows with UTC ticks.</summary>
    protected static DateTimeOffset WrittenAt(EventEnvelope envelope) => new(envelope.Timestamp, TimeSpan.Zero);

    protected T ReadJournal<T>() where T : IReadJournal => (T)PersistenceQuery.Get(Context.System).ReadJournalFor<IReadJournal>(_readJournalPluginId);

    /// <summary>The last journal offset this follower has stored as done.</summary>
    protected abstract long Offset { get; }

    protected virtual TimeSpan RestartDelay => TimeSpan.FromSeconds(2);

    /// <summary>Whether recovery found state of this follower's own; without it, the legacy ID is read once.</summary>
    protected abstract bool RecoveredState { get; }

    /// <summary>The persistence ID this follower stored its progress under before system IDs had a namespace of their own.</summary>
    protected abstract string LegacyPersistenceId { get; }

    /// <summary>
    /// Takes over what the legacy ID held (its latest snapshot and the events after it; either may be of another
    /// actor that had the same ID, and is then ignored), stores it under this follower's own ID so the legacy ID is
    /// never read again, and calls <paramref name="adopted"/> to start following.
    /// </summary>
    protected abstract void Adopt(object? legacySnapshot, IReadOnlyList<object> legacyEvents, Action adopted);

    /// <summary>The journal events from <see cref="Offset"/> on, and what is done with them; one element per piece of work done.</summary>
    protected abstract Source<Done, NotUsed> Follow();

    protected override void OnReplaySuccess()
    {
        base.OnReplaySuccess();
        if (RecoveredState)
        {
            StartStream();
        }
        else
        {
            Context.ActorOf(LegacyStateReader.Props(LegacyPersistenceId), "legacy-state");
        }
    }

    protected override void PostStop()
    {
        Progress.Running(false);
        _stream?.Shutdown();
        base.PostStop();
    }

    private void StartStream()
    {
        var self = Self;
        (UniqueKillSwitch killSwitch, Task done) = Follow()
            .ViaMaterialized(KillSwitches.Single<Done>(), Keep.Right)
            .ToMaterialized(Sink.Ignore<Done>(), Keep.Both)
            .Run(Materializer);
        _stream = killSwitch;
        Progress.Running(true);
        done.ContinueWith(t => self.Tell(new StreamEnded(t.Exception?.GetBaseException())), TaskScheduler.Default);
    }

    private sealed record StreamEnded(Exception? Error) : INoSerializationVerificationNeeded;

    private sealed record Restart : INoSerializationVerificationNeeded;
}
