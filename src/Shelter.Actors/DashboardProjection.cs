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
/// The read side for the dashboard: follows the <c>shelter</c> tag of the journal and keeps every shelter's figures.
/// Its offset and figures are snapshotted, so a restart resumes where it was instead of replaying the journal. Each
/// change bumps a version; the dashboard asks for what changed since the version it last saw, which is what lets it
/// coalesce a surge into a few updates a second. Runs as a cluster singleton.
/// </summary>
public sealed class DashboardProjection : ReceivePersistentActor, IWithTimers
{
    public const string Name = "dashboard-projection";
    private static readonly TimeSpan SnapshotEvery = TimeSpan.FromSeconds(10);

    private readonly Dictionary<string, (ShelterDashboard Dashboard, long Version)> _shelters = new(StringComparer.Ordinal);
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly IMaterializer _materializer = Context.Materializer();
    private long _offset;
    private long _version;
    private long _snapshotVersion;
    private UniqueKillSwitch? _stream;

    private sealed record Applied(EventEnvelope Envelope);

    private sealed record StreamEnded(Exception? Error);

    private sealed record Restart;

    private sealed record TakeSnapshot;

    public DashboardProjection()
    {
        Recover<SnapshotOffer>(offer =>
        {
            var snapshot = (DashboardProjectionSnapshot)offer.Snapshot;
            _offset = snapshot.Offset;
            foreach (var figures in snapshot.Shelters)
            {
                var dashboard = ShelterDashboard.FromSnapshot(figures);
                if (dashboard.State.Info is { } info)
                {
                    _shelters[info.Id] = (dashboard, ++_version);
                }
            }
        });
        Command<Applied>(applied => Apply(applied.Envelope));
        Command<GetDashboard>(query => Sender.Tell(Answer(query.SinceVersion)));
        Command<ReplayDashboardFromScratch>(_ => ReplayFromScratch());
        Command<TakeSnapshot>(_ =>
        {
            if (_snapshotVersion != _version)
            {
                _snapshotVersion = _version;
                SaveSnapshot(new DashboardProjectionSnapshot(_offset, [.. _shelters.Values.Select(s => s.Dashboard.ToSnapshot())]));
            }
        });
        Command<SaveSnapshotSuccess>(success => DeleteSnapshots(new SnapshotSelectionCriteria(success.Metadata.SequenceNr, success.Metadata.Timestamp.AddTicks(-1))));
        Command<SaveSnapshotFailure>(failure => _log.Warning(failure.Cause, "dashboard snapshot failed"));
        Command<DeleteSnapshotsSuccess>(_ => { });
        Command<DeleteSnapshotsFailure>(_ => { });
        Command<StreamEnded>(ended =>
        {
            _log.Warning(ended.Error, "dashboard stream ended at offset {0}; restarting", _offset);
            Timers.StartSingleTimer(nameof(Restart), new Restart(), TimeSpan.FromSeconds(2));
        });
        Command<Restart>(_ => StartStream());
    }

    public override string PersistenceId => Name;

    public ITimerScheduler Timers { get; set; } = null!;

    public static Props Props() => Akka.Actor.Props.Create(() => new DashboardProjection());

    protected override void OnReplaySuccess()
    {
        base.OnReplaySuccess();
        _log.Info("dashboard projection resumes after shelter-stream offset {0} with {1} shelters", _offset, _shelters.Count);
        Timers.StartPeriodicTimer(nameof(TakeSnapshot), new TakeSnapshot(), SnapshotEvery);
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
        (UniqueKillSwitch killSwitch, Task done) = journal.EventsByTag(ShelterActor.Tag, Offset.Sequence(_offset))
            .ViaMaterialized(KillSwitches.Single<EventEnvelope>(), Keep.Right)
            .SelectAsync(1, envelope => self.Ask<Akka.Done>(new Applied(envelope), TimeSpan.FromSeconds(30)))
            .ToMaterialized(Sink.Ignore<Akka.Done>(), Keep.Both)
            .Run(_materializer);
        _stream = killSwitch;
        done.ContinueWith(t => self.Tell(new StreamEnded(t.Exception?.GetBaseException())), TaskScheduler.Default);
    }

    private void Apply(EventEnvelope envelope)
    {
        var offset = ((Sequence)envelope.Offset).Value;
        if (offset > _offset && envelope.Event is IShelterEvent e && envelope.PersistenceId.StartsWith(ShelterActor.PersistencePrefix, StringComparison.Ordinal))
        {
            var shelterId = envelope.PersistenceId[ShelterActor.PersistencePrefix.Length..];
            var dashboard = _shelters.TryGetValue(shelterId, out var known) ? known.Dashboard : new ShelterDashboard();
            dashboard.Apply(e, RecordedAt(envelope));
            _shelters[shelterId] = (dashboard, ++_version);
        }
        _offset = Math.Max(_offset, offset);
        Sender.Tell(Akka.Done.Instance);
    }

    /// <summary>Akka.Persistence.Sql stamps journal rows with UTC ticks.</summary>
    private static DateTimeOffset RecordedAt(EventEnvelope envelope) => new(envelope.Timestamp, TimeSpan.Zero);

    private DashboardAnswer Answer(long since) => new(_version, _offset,
        [.. _shelters.Values.Where(s => s.Version > since && s.Dashboard.State.IsOpen).Select(s => new DashboardShelter(s.Dashboard.ToSnapshot(), s.Version))]);

    /// <summary>Builds the figures again from the first shelter event, for comparison with the live projection.</summary>
    private void ReplayFromScratch()
    {
        var replyTo = Sender;
        var journal = PersistenceQuery.Get(Context.System).ReadJournalFor<SqlReadJournal>(SqlReadJournal.Identifier);
        var fresh = new Dictionary<string, ShelterDashboard>(StringComparer.Ordinal);
        journal.CurrentEventsByTag(ShelterActor.Tag, Offset.NoOffset())
            .RunForeach(envelope =>
            {
                if (envelope.Event is IShelterEvent e && envelope.PersistenceId.StartsWith(ShelterActor.PersistencePrefix, StringComparison.Ordinal))
                {
                    var id = envelope.PersistenceId[ShelterActor.PersistencePrefix.Length..];
                    if (!fresh.TryGetValue(id, out var dashboard))
                    {
                        fresh[id] = dashboard = new ShelterDashboard();
                    }
                    dashboard.Apply(e, RecordedAt(envelope));
                }
            }, _materializer)
            .ContinueWith(t => replyTo.Tell(t.IsCompletedSuccessfully
                ? new DashboardAnswer(0, 0, [.. fresh.Values.Where(d => d.State.IsOpen).Select(d => new DashboardShelter(d.ToSnapshot(), 0))])
                : new Status.Failure(t.Exception!.GetBaseException())), TaskScheduler.Default);
    }
}
