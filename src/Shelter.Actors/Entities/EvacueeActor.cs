using Akka.Actor;
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

    private readonly Evacuee _state;

    /// <summary>The tap whose event is being persisted: a failed or rejected write answers it at once.</summary>
    private (IActorRef ReplyTo, Guid TapId)? _persisting;

    public EvacueeActor(string evacueeId)
    {
        PersistenceId = PersistencePrefix + evacueeId;
        _state = new Evacuee(evacueeId);

        Recover<IEvacueeEvent>(e => _state.Apply(e));

        Command<ProcessTap>(Handle);
        Command<StopEntity>(_ => Context.Stop(Self));
        Command<GetEvacuee>(_ => Sender.Tell(new EvacueeStatus(_state.Id, _state.CurrentShelterId, _state.Provisional, [.. _state.MealsServed.Order()],
            _state.RememberedTaps)));
    }

    public override string PersistenceId { get; }

    /// <summary>
    /// Evacuees recover from their events alone. They have few (a handful of taps a day, tap IDs kept 8 days), and asking
    /// the snapshot store first costs a query on every recovery, which in a surge of first taps is a large share of the
    /// recovery (docs/performance.md). Memory stays bounded by passivation, not by snapshots.
    /// </summary>
    public override Recovery Recovery { get; } = new(SnapshotSelectionCriteria.None);

    public static Props Props(string evacueeId) => Akka.Actor.Props.Create(() => new EvacueeActor(evacueeId));

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
