using Akka.Actor;
using Akka.Persistence;
using Akka.Persistence.Journal;
using Shelter.Domain;
using Shelter.Protocol;

namespace Shelter.Actors;

/// <summary>
/// One shelter, sharded by shelter ID: its opening data and its figures. Occupant events arrive from the relay in
/// journal order with their source offsets; anything at or below the last applied offset is a redelivery and is
/// skipped, which is what makes the relay's at-least-once delivery count exactly once.
/// </summary>
public sealed class ShelterActor : ReceivePersistentActor
{
    public const string Tag = "shelter";
    public const string PersistencePrefix = "shelter-";
    private static readonly IReadOnlySet<string> Tags = new HashSet<string> { Tag };

    private readonly int _snapshotEvery;
    private ShelterState _state = new();
    private long _eventsSinceSnapshot;

    public ShelterActor(string shelterId, int snapshotEvery)
    {
        PersistenceId = PersistencePrefix + shelterId;
        _snapshotEvery = snapshotEvery;

        Recover<SnapshotOffer>(offer => _state = ShelterState.FromSnapshot((ShelterSnapshot)offer.Snapshot));
        Recover<IShelterEvent>(e => _state.Apply(e));

        Command<OpenShelter>(Open);
        Command<StopEntity>(_ => Context.Stop(Self));
        Command<ApplyFromEvacuees>(ApplyFromEvacuees);
        Command<GetShelterStatus>(_ => Sender.Tell(Status()));
        Command<ReportSupplyStock>(Report);
        Command<SaveSnapshotSuccess>(success => DeleteSnapshots(new SnapshotSelectionCriteria(success.Metadata.SequenceNr - 1)));
        Command<SaveSnapshotFailure>(_ => { });
        Command<DeleteSnapshotsSuccess>(_ => { });
        Command<DeleteSnapshotsFailure>(_ => { });
    }

    public override string PersistenceId { get; }

    public static Props Props(string shelterId, int snapshotEvery) => Akka.Actor.Props.Create(() => new ShelterActor(shelterId, snapshotEvery));

    private void Open(OpenShelter command)
    {
        if (_state.Info is { } existing && !existing.DiffersOnlyInPolicy(command.Info))
        {
            Sender.Tell(new ShelterOpenResult(false, existing));
            return;
        }
        // Opening again with only the tap policy changed changes the policy; the shelter stays open as it was.
        var created = _state.Info is null;
        var replyTo = Sender;
        Persist(new Tagged(new ShelterOpened(command.Info), Tags), _ =>
        {
            _state.Apply(new ShelterOpened(command.Info));
            replyTo.Tell(new ShelterOpenResult(created, command.Info));
        });
    }

    private void ApplyFromEvacuees(ApplyFromEvacuees command)
    {
        var fresh = command.Events.Where(_state.IsNew).ToList();
        var replyTo = Sender;
        if (fresh.Count == 0)
        {
            replyTo.Tell(new FromEvacueesApplied(command.ShelterId, _state.LastSourceOffset));
            return;
        }
        var recorded = new FromEvacueesRecorded([.. fresh], _state.TallyOf(fresh));
        Persist(new Tagged(recorded, Tags), _ =>
        {
            _state.Apply(recorded);
            _eventsSinceSnapshot += fresh.Count;
            replyTo.Tell(new FromEvacueesApplied(command.ShelterId, _state.LastSourceOffset));
            if (_eventsSinceSnapshot >= _snapshotEvery)
            {
                _eventsSinceSnapshot = 0;
                SaveSnapshot(_state.ToSnapshot());
            }
        });
    }

    private void Report(ReportSupplyStock command)
    {
        var replyTo = Sender;
        var reported = new SupplyStockReported(command.Item, command.OnHand, command.UnderWay, DateTimeOffset.UtcNow);
        Persist(new Tagged(reported, Tags), _ =>
        {
            _state.Apply(reported);
            replyTo.Tell(Status());
        });
    }

    private ShelterStatus Status() => new(_state.Info, _state.Occupancy, _state.ProvisionalOccupants, _state.Arrivals, _state.Departures,
        _state.SupplyPickups, new Dictionary<string, int>(_state.MealsByPeriod), _state.LastSourceOffset,
        SupplyStock.ByCode(_state.Stock), _state.CertificateOnlyTaps);
}
