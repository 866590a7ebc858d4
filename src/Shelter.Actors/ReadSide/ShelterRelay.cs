using Akka;
using Akka.Actor;
using Akka.Event;
using Akka.Persistence;
using Akka.Persistence.Query;
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
public sealed class ShelterRelay : JournalFollower
{
    public const string Name = "shelter-relay";

    private readonly IActorRef _shelters;
    private readonly RelaySettings _settings;
    private long _offset;
    private long _storedSinceSnapshot;

    public sealed record RelaySettings(int BatchSize, TimeSpan BatchWindow, TimeSpan ShelterTimeout, TimeSpan RestartDelay, int SnapshotEvery);

    private sealed record Batch(IReadOnlyList<EventEnvelope> Events) : INoSerializationVerificationNeeded;

    private sealed record Delivered(long Offset, IActorRef ReplyTo) : INoSerializationVerificationNeeded;

    public ShelterRelay(IActorRef shelters, RelaySettings settings, string readJournalPluginId)
        : base(readJournalPluginId)
    {
        _shelters = shelters;
        _settings = settings;

        Recover<SnapshotOffer>(offer => _offset = ((RelayOffsetStored)offer.Snapshot).Offset);
        Recover<RelayOffsetStored>(e => _offset = e.Offset);

        Command<Batch>(Deliver);
        Command<Delivered>(Store);
        Command<SaveSnapshotSuccess>(success => DeleteMessages(success.Metadata.SequenceNr));
        Command<SaveSnapshotFailure>(_ => { });
        Command<DeleteMessagesSuccess>(_ => { });
        Command<DeleteMessagesFailure>(_ => { });
    }

    public override string PersistenceId => SystemPersistenceIds.Relay;

    protected override bool RecoveredState => LastSequenceNr > 0;

    protected override string LegacyPersistenceId => SystemPersistenceIds.LegacyRelay;

    protected override long Offset => _offset;

    protected override TimeSpan RestartDelay => _settings.RestartDelay;

    protected override string PartName => "relay";

    public static Props Props(IActorRef shelters, RelaySettings settings, string readJournalPluginId) =>
        Akka.Actor.Props.Create(() => new ShelterRelay(shelters, settings, readJournalPluginId));

    protected override void OnReplaySuccess()
    {
        Log.Info("relay resumes after journal offset {0}", _offset);
        base.OnReplaySuccess();
    }

    protected override void Adopt(object? legacySnapshot, IReadOnlyList<object> legacyEvents, Action adopted)
    {
        var legacy = legacyEvents.OfType<RelayOffsetStored>().LastOrDefault() ?? legacySnapshot as RelayOffsetStored;
        Persist(new RelayOffsetStored(legacy?.Offset ?? 0), e =>
        {
            _offset = e.Offset;
            Log.Info("relay took over offset {0} from its former persistence ID {1}", _offset, LegacyPersistenceId);
            adopted();
        });
    }

    protected override Source<Done, NotUsed> Follow()
    {
        var self = Self;
        var progress = Progress;
        return ReadJournal<IAllEventsQuery>().AllEvents(Akka.Persistence.Query.Offset.Sequence(_offset))
            .GroupedWithin(_settings.BatchSize, _settings.BatchWindow)
            .Select(events =>
            {
                progress.Working(events.Max(e => ((Sequence)e.Offset).Value), events.Min(WrittenAt));
                return events;
            })
            .SelectAsync(1, events => self.Ask<Done>(new Batch([.. events]), _settings.ShelterTimeout + _settings.ShelterTimeout));
    }

    private void Deliver(Batch batch)
    {
        var replyTo = Sender;
        var last = batch.Events.Max(e => ((Sequence)e.Offset).Value);
        var byShelter = new Dictionary<string, List<IFromEvacuee>>(StringComparer.Ordinal);
        var carriedEvacueeEvents = false;
        foreach (var envelope in batch.Events)
        {
            if (envelope.Event is not IEvacueeHistory e || !envelope.PersistenceId.StartsWith(EvacueeActor.PersistencePrefix, StringComparison.Ordinal))
            {
                continue;
            }
            carriedEvacueeEvents = true;
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
        if (!carriedEvacueeEvents)
        {
            // Only the relay's own offset rows and the shelters' rows: nothing to deliver, and storing an offset for
            // them would write a row that the next poll reads back, so an idle node would write forever.
            Progress.Done(last);
            replyTo.Tell(Done.Instance);
            return;
        }
        var deliveries = byShelter.Select(kv => DeliverInParts(kv.Key, kv.Value));
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

    /// <summary>
    /// A shelter's share of a batch, in parts small enough to cross between nodes (Akka.Remote drops a message over its
    /// frame size), each sent once the one before it is applied: a shelter skips what is at or below the last offset it
    /// applied, so a later part applied before a lost earlier one would make the earlier one count as already seen.
    /// </summary>
    private async Task DeliverInParts(string shelterId, List<IFromEvacuee> events)
    {
        foreach (var part in events.Chunk(ApplyFromEvacuees.MaxEvents))
        {
            await _shelters.Ask<FromEvacueesApplied>(new ApplyFromEvacuees(shelterId, part), _settings.ShelterTimeout);
        }
    }

    /// <summary>The journal failed the offset write: the actor stops, and its supervisor starts it again from the stored offset.</summary>
    protected override void OnPersistFailure(Exception cause, object @event, long sequenceNr)
    {
        Log.Warning(cause, "relay could not store its offset (sequence number {0}); it stops and is started again", sequenceNr);
        base.OnPersistFailure(cause, @event, sequenceNr);
    }

    /// <summary>
    /// The journal refused the offset write. Left alone the relay would wait for a write that never completes until its
    /// stream's ask times out; stopping hands it to its supervisor at once.
    /// </summary>
    protected override void OnPersistRejected(Exception cause, object @event, long sequenceNr)
    {
        Log.Warning(cause, "relay's offset write was refused (sequence number {0}); it stops and is started again", sequenceNr);
        Context.Stop(Self);
    }

    private void Store(Delivered delivered)
    {
        Persist(new RelayOffsetStored(delivered.Offset), e =>
        {
            _offset = e.Offset;
            Progress.Done(e.Offset);
            delivered.ReplyTo.Tell(Done.Instance);
            if (++_storedSinceSnapshot >= _settings.SnapshotEvery)
            {
                _storedSinceSnapshot = 0;
                SaveSnapshot(e);
            }
        });
    }
}
