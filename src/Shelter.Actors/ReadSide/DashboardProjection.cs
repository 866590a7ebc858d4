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
/// The read side for the dashboard: follows the <c>shelter</c> tag of the journal and keeps every shelter's figures.
/// Its offset and figures are snapshotted, so a restart resumes where it was instead of replaying the journal. Each
/// change bumps a version; the dashboard asks for what changed since the version it last saw, which is what lets it
/// coalesce a surge into a few updates a second. Runs as a cluster singleton.
/// </summary>
public sealed class DashboardProjection : JournalFollower
{
    public const string Name = "dashboard-projection";
    private static readonly TimeSpan SnapshotEvery = TimeSpan.FromSeconds(10);

    private readonly Dictionary<string, (ShelterDashboard Dashboard, long Version)> _shelters = new(StringComparer.Ordinal);
    private long _offset;
    private long _version;
    private long _snapshotVersion;
    private bool _recoveredSnapshot;

    private sealed record Applied(EventEnvelope Envelope) : INoSerializationVerificationNeeded;

    private sealed record TakeSnapshot : INoSerializationVerificationNeeded;

    public DashboardProjection(string readJournalPluginId)
        : base(readJournalPluginId)
    {
        Recover<SnapshotOffer>(offer =>
        {
            _recoveredSnapshot = true;
            Restore((DashboardProjectionSnapshot)offer.Snapshot);
        });
        Command<Applied>(applied => Apply(applied.Envelope));
        Command<GetDashboard>(query => Sender.Tell(Answer(query.SinceVersion)));
        Command<ReplayDashboardFromScratch>(_ => ReplayFromScratch());
        Command<TakeSnapshot>(_ =>
        {
            if (_snapshotVersion != _version)
            {
                _snapshotVersion = _version;
                SaveSnapshot(Snapshot());
            }
        });
        Command<SaveSnapshotSuccess>(success => DeleteSnapshots(new SnapshotSelectionCriteria(success.Metadata.SequenceNr, success.Metadata.Timestamp.AddTicks(-1))));
        Command<SaveSnapshotFailure>(failure => Log.Warning(failure.Cause, "dashboard snapshot failed"));
        Command<DeleteSnapshotsSuccess>(_ => { });
        Command<DeleteSnapshotsFailure>(_ => { });
    }

    public override string PersistenceId => SystemPersistenceIds.DashboardProjection;

    protected override bool RecoveredState => _recoveredSnapshot;

    protected override string LegacyPersistenceId => SystemPersistenceIds.LegacyDashboardProjection;

    protected override long Offset => _offset;

    protected override string PartName => "dashboard-projection";

    public static Props Props(string readJournalPluginId) => Akka.Actor.Props.Create(() => new DashboardProjection(readJournalPluginId));

    protected override void OnReplaySuccess()
    {
        Log.Info("dashboard projection resumes after shelter-stream offset {0} with {1} shelters", _offset, _shelters.Count);
        Timers.StartPeriodicTimer(nameof(TakeSnapshot), new TakeSnapshot(), SnapshotEvery);
        base.OnReplaySuccess();
    }

    /// <summary>The projection's state is its one snapshot; saving it under the new ID is enough to never read the old one again.</summary>
    protected override void Adopt(object? legacySnapshot, IReadOnlyList<object> legacyEvents, Action adopted)
    {
        if (legacySnapshot is DashboardProjectionSnapshot snapshot)
        {
            Restore(snapshot);
            Log.Info("dashboard projection took over offset {0} and {1} shelters from its former persistence ID {2}", _offset, _shelters.Count,
                LegacyPersistenceId);
        }
        _snapshotVersion = _version;
        SaveSnapshot(Snapshot());
        adopted();
    }

    protected override Source<Done, NotUsed> Follow()
    {
        var self = Self;
        var progress = Progress;
        return ReadJournal<IEventsByTagQuery>().EventsByTag(ShelterActor.Tag, Akka.Persistence.Query.Offset.Sequence(_offset))
            .Select(envelope =>
            {
                progress.Working(((Sequence)envelope.Offset).Value, WrittenAt(envelope));
                return envelope;
            })
            .SelectAsync(1, envelope => self.Ask<Done>(new Applied(envelope), TimeSpan.FromSeconds(30)));
    }

    private DashboardProjectionSnapshot Snapshot() => new(_offset, [.. _shelters.Values.Select(s => s.Dashboard.ToSnapshot(withOccupants: true))]);

    private void Restore(DashboardProjectionSnapshot snapshot)
    {
        _offset = snapshot.Offset;
        foreach (var figures in snapshot.Shelters)
        {
            var dashboard = ShelterDashboard.FromSnapshot(figures);
            if (dashboard.Info is { } info)
            {
                _shelters[info.Id] = (dashboard, ++_version);
            }
        }
    }

    private void Apply(EventEnvelope envelope)
    {
        var offset = ((Sequence)envelope.Offset).Value;
        if (offset > _offset && ShelterEventOf(envelope, out var shelterId) is { } e)
        {
            var dashboard = _shelters.TryGetValue(shelterId, out var known) ? known.Dashboard : new ShelterDashboard();
            dashboard.Apply(e, WrittenAt(envelope));
            _shelters[shelterId] = (dashboard, ++_version);
        }
        _offset = Math.Max(_offset, offset);
        Progress.Done(_offset);
        Sender.Tell(Done.Instance);
    }

    /// <summary>A shelter entity's event and the shelter it is of; null for anything else under the tag.</summary>
    private static IShelterEvent? ShelterEventOf(EventEnvelope envelope, out string shelterId)
    {
        var isShelter = envelope.PersistenceId.StartsWith(ShelterActor.PersistencePrefix, StringComparison.Ordinal);
        shelterId = isShelter ? envelope.PersistenceId[ShelterActor.PersistencePrefix.Length..] : string.Empty;
        return isShelter ? envelope.Event as IShelterEvent : null;
    }

    private DashboardAnswer Answer(long since) => new(_version, _offset,
        [.. _shelters.Values.Where(s => s.Version > since && s.Dashboard.IsListed).Select(s => new DashboardShelter(s.Dashboard.ToSnapshot(), s.Version))]);

    /// <summary>Builds the figures again from the first shelter event, for comparison with the live projection.</summary>
    private void ReplayFromScratch()
    {
        var replyTo = Sender;
        var fresh = new Dictionary<string, ShelterDashboard>(StringComparer.Ordinal);
        ReadJournal<ICurrentEventsByTagQuery>().CurrentEventsByTag(ShelterActor.Tag, Akka.Persistence.Query.Offset.NoOffset())
            .RunForeach(envelope =>
            {
                if (ShelterEventOf(envelope, out var id) is { } e)
                {
                    if (!fresh.TryGetValue(id, out var dashboard))
                    {
                        fresh[id] = dashboard = new ShelterDashboard();
                    }
                    dashboard.Apply(e, WrittenAt(envelope));
                }
            }, Materializer)
            .ContinueWith(t => replyTo.Tell(t.IsCompletedSuccessfully
                ? new DashboardAnswer(0, 0, [.. fresh.Values.Where(d => d.IsListed).Select(d => new DashboardShelter(d.ToSnapshot(), 0))])
                : new Status.Failure(t.Exception!.GetBaseException())), TaskScheduler.Default);
    }
}
