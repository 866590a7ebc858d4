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
        Command<CloseShelter>(Close);
        Command<StopEntity>(_ => Context.Stop(Self));
        Command<ApplyFromEvacuees>(ApplyFromEvacuees);
        Command<GetShelterStatus>(_ => Sender.Tell(Status()));
        Command<GetRollCall>(ask => Sender.Tell(new RollCall(ask.ShelterId, _state.Occupancy,
            [.. _state.RollCall(ask.QuietSince, ask.Limit).Select(o => new RollCall.Entry(o.EvacueeId, o.Provisional, o.LastSeen))])));
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
        // Opened again while open, only capacity and tap policy may change; after a 閉鎖 it is a reopening, with the same details.
        var existing = _state.Info;
        var reopening = existing is not null && !_state.IsOpen;
        if (existing is not null && !existing.IsAdjustedBy(command.Info) && !(reopening && existing == command.Info))
        {
            Sender.Tell(new ShelterOpenResult(false, existing));
            return;
        }
        var created = existing is null || reopening;
        var opened = new ShelterOpened(command.Info, command.At ?? DateTimeOffset.UtcNow);
        var replyTo = Sender;
        Persist(new Tagged(opened, Tags), _ =>
        {
            _state.Apply(opened);
            replyTo.Tell(new ShelterOpenResult(created, command.Info));
        });
    }

    private void Close(CloseShelter command)
    {
        if (!_state.IsOpen)
        {
            Sender.Tell(Status());
            return;
        }
        var closed = new ShelterClosed(command.At);
        var replyTo = Sender;
        Persist(new Tagged(closed, Tags), _ =>
        {
            _state.Apply(closed);
            replyTo.Tell(Status());
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
        SupplyStock.ByCode(_state.Stock), _state.CertificateOnlyTaps, _state.OpenedAt, _state.ClosedAt);
}
