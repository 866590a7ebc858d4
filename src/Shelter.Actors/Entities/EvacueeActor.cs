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

    /// <summary>For a linked credential: whether its person has said it took the handover since this entity started.</summary>
    private bool _handedOver;

    private IActorRef? _evacuees;

    public EvacueeActor(string evacueeId, int snapshotEvery)
    {
        PersistenceId = PersistencePrefix + evacueeId;
        _snapshotEvery = snapshotEvery;
        _state = new Evacuee(evacueeId);
        Recovery = snapshotEvery > 0 ? Recovery.Default : new Recovery(SnapshotSelectionCriteria.None);

        Recover<SnapshotOffer>(offer => _state = Evacuee.FromSnapshot(evacueeId, (EvacueeSnapshot)offer.Snapshot));
        Recover<IEvacueeHistory>(e => _state.Apply(e));
        Command<SaveSnapshotSuccess>(saved => DeleteSnapshots(new SnapshotSelectionCriteria(saved.Metadata.SequenceNr - 1)));
        Command<SaveSnapshotFailure>(failed => Log.Warning(failed.Cause, "evacuee snapshot at {0} failed; recovery reads the events instead", failed.Metadata.SequenceNr));
        Command<DeleteSnapshotsSuccess>(_ => { });
        Command<DeleteSnapshotsFailure>(_ => { });

        Command<ProcessTap>(Handle);
        Command<LinkCredential>(Handle);
        Command<UnlinkCredential>(Handle);
        Command<AbsorbCredential>(Handle);
        Command<ReleaseCredential>(Handle);
        Command<CorrectTap>(Handle);
        Command<IssueTemporaryCard>(Handle);
        Command<WithdrawTemporaryCard>(Handle);
        Command<Absorbed>(absorbed => _handedOver |= absorbed.PersonId == _state.LinkedPersonId);
        Command<StopEntity>(_ => Context.Stop(Self));
        Command<GetEvacuee>(_ => Sender.Tell(new EvacueeStatus(_state.Id, _state.CurrentShelterId, _state.Provisional, [.. _state.MealsServed.Order()],
            _state.RememberedTaps, [.. _state.Superseded.OrderBy(m => m.OccurredAt)], [.. _state.Flagged.OrderBy(f => f.OccurredAt)],
            _state.LinkedPersonId, _state.Credentials.Count == 0 ? null : [.. _state.Credentials.Order(StringComparer.Ordinal)], _state.LastMoveAt,
            [.. _state.RecentTaps(EvacueeStatus.RecentTapCount)])));
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

    /// <summary>The evacuee region, for a linked credential's taps and handover; looked up when first needed, after sharding started.</summary>
    private IActorRef Evacuees => _evacuees ??= Akka.Hosting.ActorRegistry.For(Context.System).Get<EvacueeRegion>();

    private void Handle(ProcessTap command)
    {
        if (_state.ForwardTarget(command.Tap) is { } person)
        {
            // Handed over first, through the same region: the person takes the credential's state before its first tap.
            HandOver(person);
            Evacuees.Forward(new ProcessTap(person, command.Tap));
            return;
        }
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

    private void Handle(LinkCredential link)
    {
        var (linked, result) = _state.Link(link.PersonId, link.At, link.By);
        var replyTo = Sender;
        if (linked is null)
        {
            if (result.Done)
            {
                HandOver(link.PersonId, link.At);
            }
            replyTo.Tell(new LinkAnswer(_state.Id, link.PersonId, result.Done, result.Reason, result.Message, _state.OwnAtLink));
            return;
        }
        Persist(linked, _ =>
        {
            _state.Apply(linked);
            _handedOver = false;
            HandOver(link.PersonId, link.At);
            replyTo.Tell(new LinkAnswer(_state.Id, link.PersonId, true, null, null, linked.Own));
        });
    }

    private void Handle(IssueTemporaryCard issue)
    {
        var (events, result) = _state.Issue(issue.PersonId, issue.At, issue.By);
        var replyTo = Sender;
        if (events.Length == 0)
        {
            if (result.Done)
            {
                HandOver(issue.PersonId, issue.At);
            }
            replyTo.Tell(new LinkAnswer(_state.Id, issue.PersonId, result.Done, result.Reason, result.Message, _state.OwnAtLink));
            return;
        }
        var stored = 0;
        PersistAll(events, e =>
        {
            _state.Apply(e);
            if (++stored < events.Length)
            {
                return;
            }
            _handedOver = false;
            HandOver(issue.PersonId, issue.At);
            replyTo.Tell(new LinkAnswer(_state.Id, issue.PersonId, true, null, null, _state.OwnAtLink));
        });
    }

    private void Handle(WithdrawTemporaryCard withdraw)
    {
        var replyTo = Sender;
        if (_state.Withdraw(withdraw.Reason, withdraw.At, withdraw.By) is not { } withdrawn)
        {
            replyTo.Tell(new LinkAnswer(_state.Id, _state.LinkedPersonId ?? "", true, null, null));
            return;
        }
        Persist(withdrawn, _ =>
        {
            _state.Apply(withdrawn);
            replyTo.Tell(new LinkAnswer(_state.Id, _state.LinkedPersonId ?? "", true, null, null));
        });
    }

    private void Handle(UnlinkCredential unlink)
    {
        var (unlinked, result) = _state.Unlink(unlink.PersonId, unlink.At, unlink.By);
        var replyTo = Sender;
        if (unlinked is null)
        {
            replyTo.Tell(new LinkAnswer(_state.Id, unlink.PersonId, false, result.Reason, result.Message));
            return;
        }
        Persist(unlinked, _ =>
        {
            _state.Apply(unlinked);
            Evacuees.Tell(new ReleaseCredential(unlink.PersonId, _state.Id, unlink.At), Self);
            replyTo.Tell(new LinkAnswer(_state.Id, unlink.PersonId, true, null, null, unlinked.Own));
        });
    }

    private void Handle(CorrectTap correct)
    {
        var (corrected, result) = _state.Correct(correct.TapId, correct.Reason, correct.By, correct.At);
        var replyTo = Sender;
        var answer = new CorrectionAnswer(_state.Id, correct.TapId, result.Done, result.Reason, result.Message);
        if (corrected is null)
        {
            replyTo.Tell(answer);
            return;
        }
        Persist(corrected, _ =>
        {
            _state.Apply(corrected);
            replyTo.Tell(answer);
        });
    }

    private void Handle(AbsorbCredential absorb)
    {
        var absorbed = _state.Absorb(absorb.CredentialId, absorb.Handover, absorb.At);
        StoreThenConfirm(absorbed, absorb.PersonId, absorb.CredentialId);
    }

    private void Handle(ReleaseCredential release) =>
        StoreThenConfirm(_state.Release(release.CredentialId, release.At), release.PersonId, release.CredentialId);

    /// <summary>Stores a person's absorb or release, if there is one to store, and confirms it to whoever asked (the credential, the desk).</summary>
    private void StoreThenConfirm(IEvacueeHistory? change, string personId, string credentialId)
    {
        var replyTo = Sender;
        if (change is null)
        {
            replyTo.Tell(new Absorbed(personId, credentialId));
            return;
        }
        Persist(change, _ =>
        {
            _state.Apply(change);
            replyTo.Tell(new Absorbed(personId, credentialId));
        });
    }

    /// <summary>Sends the person this credential's state until the person confirms it; the person takes it once however often it comes.</summary>
    private void HandOver(string person, DateTimeOffset? at = null)
    {
        if (!_handedOver && _state.OwnAtLink is { } own)
        {
            Evacuees.Tell(new AbsorbCredential(person, _state.Id, own, at ?? own.LastMoveAt ?? DateTimeOffset.UtcNow), Self);
        }
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
