using Akka.Actor;
using Akka.Event;
using Akka.Persistence;
using Akka.Persistence.Query;
using Akka.Persistence.Sql.Query;
using Akka.Streams;
using Akka.Streams.Dsl;
using Shelter.Domain;

namespace Shelter.Actors;

/// <summary>
/// Brings evacuee events to the shelters they concern, in journal order: the journal is the outbox. It reads all
/// events from its stored offset (keeping those of evacuees), sends each shelter its part of a batch, waits for every shelter to
/// persist, then stores the new offset. A crash anywhere replays from the stored offset, and shelters skip what they
/// already applied, so every accepted tap reaches its shelters exactly once. Runs as a cluster singleton.
/// </summary>
public sealed class ShelterRelay : ReceivePersistentActor, IWithTimers
{
    public const string Name = "shelter-relay";

    private readonly IActorRef _shelters;
    private readonly RelaySettings _settings;
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private long _offset;
    private long _storedSinceSnapshot;
    private UniqueKillSwitch? _stream;

    public sealed record RelaySettings(int BatchSize, TimeSpan BatchWindow, TimeSpan ShelterTimeout, TimeSpan RestartDelay, int SnapshotEvery);

    private sealed record Batch(IReadOnlyList<EventEnvelope> Events);

    private sealed record Delivered(long Offset, IActorRef ReplyTo);

    private sealed record StreamEnded(Exception? Error);

    private sealed record Restart;

    public ShelterRelay(IActorRef shelters, RelaySettings settings)
    {
        _shelters = shelters;
        _settings = settings;

        Recover<SnapshotOffer>(offer => _offset = ((RelayOffsetStored)offer.Snapshot).Offset);
        Recover<RelayOffsetStored>(e => _offset = e.Offset);

        Command<Batch>(Deliver);
        Command<Delivered>(Store);
        Command<StreamEnded>(ended =>
        {
            _log.Warning(ended.Error, "relay stream ended at offset {0}; restarting in {1}", _offset, _settings.RestartDelay);
            Timers.StartSingleTimer(nameof(Restart), new Restart(), _settings.RestartDelay);
        });
        Command<Restart>(_ => StartStream());
        Command<SaveSnapshotSuccess>(success => DeleteMessages(success.Metadata.SequenceNr));
        Command<SaveSnapshotFailure>(_ => { });
        Command<DeleteMessagesSuccess>(_ => { });
        Command<DeleteMessagesFailure>(_ => { });
    }

    public override string PersistenceId => Name;

    public ITimerScheduler Timers { get; set; } = null!;

    public static Props Props(IActorRef shelters, RelaySettings settings) => Akka.Actor.Props.Create(() => new ShelterRelay(shelters, settings));

    protected override void OnReplaySuccess()
    {
        base.OnReplaySuccess();
        _log.Info("relay resumes after evacuee-stream offset {0}", _offset);
        StartStream();
    }

    protected override void PostStop()
    {
        _stream?.Shutdown();
        base.PostStop();
    }

    private void StartStream()
    {
        var journal = PersistenceQuery.Get(Context.System).ReadJournalFor<SqlReadJournal>(SqlReadJournal.Identifier);
        var self = Self;
        (UniqueKillSwitch killSwitch, Task done) = journal.AllEvents(Offset.Sequence(_offset))
            .ViaMaterialized(KillSwitches.Single<EventEnvelope>(), Keep.Right)
            .GroupedWithin(_settings.BatchSize, _settings.BatchWindow)
            .SelectAsync(1, events => self.Ask<Akka.Done>(new Batch(events.ToList()), _settings.ShelterTimeout + _settings.ShelterTimeout))
            .ToMaterialized(Sink.Ignore<Akka.Done>(), Keep.Both)
            .Run(Context.Materializer());
        _stream = killSwitch;
        done.ContinueWith(t => self.Tell(new StreamEnded(t.Exception?.GetBaseException())), TaskScheduler.Default);
    }

    private void Deliver(Batch batch)
    {
        var replyTo = Sender;
        var last = batch.Events.Max(e => ((Sequence)e.Offset).Value);
        var byShelter = new Dictionary<string, List<IFromEvacuee>>(StringComparer.Ordinal);
        foreach (var envelope in batch.Events)
        {
            if (envelope.Event is not IEvacueeEvent e || !envelope.PersistenceId.StartsWith(EvacueeActor.PersistencePrefix, StringComparison.Ordinal))
            {
                continue;
            }
            var evacueeId = envelope.PersistenceId[EvacueeActor.PersistencePrefix.Length..];
            foreach (var (shelterId, effect) in ShelterEffects.Of(evacueeId, e, ((Sequence)envelope.Offset).Value))
            {
                if (!byShelter.TryGetValue(shelterId, out var list))
                {
                    byShelter[shelterId] = list = [];
                }
                list.Add(effect);
            }
        }
        var deliveries = byShelter.Select(kv => _shelters.Ask<FromEvacueesApplied>(new ApplyFromEvacuees(kv.Key, [.. kv.Value]), _settings.ShelterTimeout));
        var self = Self;
        Task.WhenAll(deliveries).ContinueWith(t =>
        {
            if (t.IsCompletedSuccessfully)
            {
                self.Tell(new Delivered(last, replyTo));
            }
            else
            {
                // Failing the stream's ask ends the stream; it restarts from the stored offset and shelters skip what they have.
                replyTo.Tell(new Status.Failure(t.Exception?.GetBaseException() ?? new TaskCanceledException()));
            }
        }, TaskScheduler.Default);
    }

    private void Store(Delivered delivered)
    {
        Persist(new RelayOffsetStored(delivered.Offset), e =>
        {
            _offset = e.Offset;
            delivered.ReplyTo.Tell(Akka.Done.Instance);
            if (++_storedSinceSnapshot >= _settings.SnapshotEvery)
            {
                _storedSinceSnapshot = 0;
                SaveSnapshot(e);
            }
        });
    }
}
