using Akka.Actor;
using Akka.Persistence;
using Akka.Persistence.Journal;
using Shelter.Domain;

namespace Shelter.Actors;

/// <summary>
/// One evacuee, sharded by evacuee ID. Applies the domain's rules to each tap and answers only after the resulting
/// event is persisted, so an <c>accepted</c> answer is durable. Its events are tagged for the relay that brings them
/// to shelters; this actor never talks to a shelter directly, so a crash between the two cannot lose an update.
/// </summary>
public sealed class EvacueeActor : ReceivePersistentActor
{
    public const string Tag = "evacuee";
    public const string PersistencePrefix = "evacuee-";
    private static readonly IReadOnlySet<string> Tags = new HashSet<string> { Tag };

    private readonly int _snapshotEvery;
    private Evacuee _state;

    public EvacueeActor(string evacueeId, int snapshotEvery)
    {
        PersistenceId = PersistencePrefix + evacueeId;
        _snapshotEvery = snapshotEvery;
        _state = new Evacuee(evacueeId);

        Recover<SnapshotOffer>(offer => _state = Evacuee.FromSnapshot((EvacueeSnapshot)offer.Snapshot));
        Recover<IEvacueeEvent>(e => _state.Apply(e));

        Command<ProcessTap>(Handle);
        Command<GetEvacuee>(_ => Sender.Tell(new EvacueeStatus(_state.Id, _state.CurrentShelterId, _state.Provisional, [.. _state.MealsServed.Order()],
            _state.RememberedTaps)));
        Command<SaveSnapshotSuccess>(success => DeleteSnapshots(new SnapshotSelectionCriteria(success.Metadata.SequenceNr - 1)));
        Command<SaveSnapshotFailure>(_ => { });
        Command<DeleteSnapshotsSuccess>(_ => { });
        Command<DeleteSnapshotsFailure>(_ => { });
    }

    public override string PersistenceId { get; }

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
        Persist(new Tagged(decided, Tags), _ =>
        {
            _state.Apply(decided);
            replyTo.Tell(decision.Outcome);
            if (LastSequenceNr % _snapshotEvery == 0)
            {
                SaveSnapshot(_state.ToSnapshot());
            }
        });
    }
}
