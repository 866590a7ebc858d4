using Akka.Actor;
using Akka.Event;
using Akka.Persistence;
using Shelter.Domain;
using Shelter.Protocol;

namespace Shelter.Actors;

/// <summary>
/// One evacuee, sharded by evacuee ID. Applies the domain's rules to each tap and answers only after the resulting
/// event is persisted, so an <c>accepted</c> answer is durable. The relay reads its events from the journal and brings
/// them to shelters; this actor never talks to a shelter directly, so a crash between the two cannot lose an update.
/// Its events are not tagged: the relay reads the journal in order, and tag rows would double the writes.
/// </summary>
public sealed class EvacueeActor : ReceivePersistentActor
{
    public const string PersistencePrefix = "evacuee-";

    private readonly int _snapshotEvery;
    private Evacuee _state;

    /// <summary>The tap whose event is being persisted: a failed or rejected write answers it at once.</summary>
    private (IActorRef ReplyTo, Guid TapId)? _persisting;

    public EvacueeActor(string evacueeId, int snapshotEvery)
    {
        PersistenceId = PersistencePrefix + evacueeId;
        _snapshotEvery = snapshotEvery;
        _state = new Evacuee(evacueeId);
        Recovery = snapshotEvery > 0 ? Recovery.Default : new Recovery(SnapshotSelectionCriteria.None);

        Recover<SnapshotOffer>(offer => _state = Evacuee.FromSnapshot(evacueeId, (EvacueeSnapshot)offer.Snapshot));
        Recover<IEvacueeEvent>(e => _state.Apply(e));
        Command<SaveSnapshotSuccess>(saved => DeleteSnapshots(new SnapshotSelectionCriteria(saved.Metadata.SequenceNr - 1)));
        Command<SaveSnapshotFailure>(failed => Log.Warning(failed.Cause, "evacuee snapshot at {0} failed; recovery reads the events instead", failed.Metadata.SequenceNr));
        Command<DeleteSnapshotsSuccess>(_ => { });
        Command<DeleteSnapshotsFailure>(_ => { });

        Command<ProcessTap>(Handle);
        Command<StopEntity>(_ => Context.Stop(Self));
        Command<GetEvacuee>(_ => Sender.Tell(new EvacueeStatus(_state.Id, _state.CurrentShelterId, _state.Provisional, [.. _state.MealsServed.Order()],
            _state.RememberedTaps, [.. _state.Superseded.OrderBy(m => m.OccurredAt)], [.. _state.Flagged.OrderBy(f => f.OccurredAt)])));
    }

    public override string PersistenceId { get; }

    /// <summary>
    /// An ordinary evacuee has a few taps a day and never reaches a snapshot; one whose card is fed taps by the
    /// thousand (docs/performance.md) snapshots every <c>snapshotEvery</c> events, so its recovery stays bounded. The
    /// snapshot store is asked on every recovery; SQLite's own store knows which IDs have a snapshot and answers the
    /// rest without a query.
    /// </summary>
    public override Recovery Recovery { get; }

    public static Props Props(string evacueeId, int snapshotEvery) => Akka.Actor.Props.Create(() => new EvacueeActor(evacueeId, snapshotEvery));

    private void Handle(ProcessTap command)
    {
        var decision = _state.Decide(command.Tap);
        if (decision.Event is not { } decided)
        {
            Sender.Tell(decision.Outcome);
            return;
        }
        var replyTo = Sender;
        _persisting = (replyTo, command.Tap.TapId);
        Persist(decided, _ =>
        {
            _persisting = null;
            _state.Apply(decided);
            replyTo.Tell(decision.Outcome);
            if (_snapshotEvery > 0 && LastSequenceNr % _snapshotEvery == 0)
            {
                SaveSnapshot(_state.ToSnapshot());
            }
        });
    }

    /// <summary>The journal failed the write; the actor stops after this, and the tap's next try recovers it anew.</summary>
    protected override void OnPersistFailure(Exception cause, object @event, long sequenceNr)
    {
        AnswerUnavailable();
        base.OnPersistFailure(cause, @event, sequenceNr);
    }

    /// <summary>The journal refused the event without storing it; the actor carries on.</summary>
    protected override void OnPersistRejected(Exception cause, object @event, long sequenceNr)
    {
        AnswerUnavailable();
        base.OnPersistRejected(cause, @event, sequenceNr);
    }

    private void AnswerUnavailable()
    {
        if (_persisting is var (replyTo, tapId))
        {
            _persisting = null;
            replyTo.Tell(new TapOutcome(tapId, TapStatus.Rejected, TapReasons.Unavailable,
                "Not recorded: the journal did not take it. Send the tap again; it will not count twice.", _state.Id));
        }
    }
}
