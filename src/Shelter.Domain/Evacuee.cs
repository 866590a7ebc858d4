using Shelter.Protocol;

namespace Shelter.Domain;

/// <summary>
/// One evacuee's state and rules: a credential not linked to anyone (provisional: known only by the credential's
/// pseudonym, counted everywhere, flagged unregistered), or a registered person (<see cref="PersonIds"/>). Once the desk
/// links a credential to a person, the credential's taps act on the person, who takes over where it was and what it
/// was served; unlinking gives both back what was theirs.
/// </summary>
public sealed class Evacuee
{
    /// <summary>Taps older than this are refused at the API, so remembering tap IDs this long makes every retry a duplicate.</summary>
    public static readonly TimeSpan TapMemory = TimeSpan.FromDays(8);

    private readonly Dictionary<Guid, RememberedTap> _taps = [];
    private readonly HashSet<string> _meals = new(StringComparer.Ordinal);
    private readonly Dictionary<Guid, MoveSuperseded> _superseded = [];
    private readonly Dictionary<Guid, FlaggedTap> _flagged = [];

    /// <summary>Periods whose meal only a certificate-only tap took, by period key: a signed meal there pairs with it.</summary>
    private readonly Dictionary<string, CertificateOnlyMeal> _certificateOnlyMeals = new(StringComparer.Ordinal);
    private readonly Dictionary<string, CredentialAbsorbed> _absorbed = new(StringComparer.Ordinal);
    private readonly Dictionary<Guid, ServedMeal> _servedMeals = [];
    private readonly HashSet<Guid> _corrected = [];
    private LatestMove? _latestMove;
    private DateTimeOffset _latest = DateTimeOffset.MinValue;

    /// <summary>A linked credential's own state when it was linked, given back when it is unlinked.</summary>
    private Handover? _ownAtLink;

    /// <summary>For a temporary card: issued by the desk, and whether it was withdrawn since.</summary>
    private bool _issued;
    private DateTimeOffset? _withdrawnAt;

    public Evacuee(string id)
    {
        Id = id;
        Provisional = !PersonIds.IsPerson(id);
    }

    public string Id { get; }

    public string? CurrentShelterId { get; private set; }

    public bool Provisional { get; private set; }

    /// <summary>For a credential: the person it is linked to, whose entity takes its taps.</summary>
    public string? LinkedPersonId { get; private set; }

    /// <summary>For a linked credential: what it had when it was linked, which its person takes over.</summary>
    public Handover? OwnAtLink => _ownAtLink;

    /// <summary>For a person: the credentials linked to them.</summary>
    public IReadOnlyCollection<string> Credentials => _absorbed.Keys;

    public IReadOnlyCollection<string> MealsServed => _meals;

    /// <summary>When the move (check-in or check-out) that put the person where they are happened; null before any.</summary>
    public DateTimeOffset? LastMoveAt { get; private set; }

    /// <summary>Backlog moves that came after a later one and changed nothing, for the desk (kept as long as tap IDs).</summary>
    public IReadOnlyCollection<MoveSuperseded> Superseded => _superseded.Values;

    /// <summary>Taps that stood with a flag (a card revoked after an offline tap), for the desk (kept as long as tap IDs).</summary>
    public IReadOnlyCollection<FlaggedTap> Flagged => _flagged.Values;

    public int RememberedTaps => _taps.Count;

    public sealed record RememberedTap(TapStatus Status, string Code, string Message, DateTimeOffset OccurredAt, string? Flag = null, string? ShelterId = null);

    /// <summary>The taps remembered, latest first, at most <paramref name="count"/>: what the desk looks at before a link or a correction.</summary>
    public IReadOnlyList<RecentTap> RecentTaps(int count) => [.. _taps.OrderByDescending(t => t.Value.OccurredAt).Take(count)
        .Select(t => new RecentTap(t.Key, t.Value.ShelterId, t.Value.Status, t.Value.Code, t.Value.OccurredAt, _corrected.Contains(t.Key)))];

    /// <summary>What a tap does: nothing new (a duplicate), or one event to persist and the answer to give once it is persisted.</summary>
    public sealed record Decision(IEvacueeEvent? Event, TapOutcome Outcome);

    /// <summary>
    /// The person whose entity decides this tap, for a linked credential; null when this entity decides it (always for
    /// a tap it remembers, so a retry of a tap made before the link is answered as the first time).
    /// </summary>
    public string? ForwardTarget(Tap tap) => LinkedPersonId is { } person && _withdrawnAt is null && !_taps.ContainsKey(tap.TapId) ? person : null;

    public bool Issued => _issued;

    public DateTimeOffset? WithdrawnAt => _withdrawnAt;

    public Decision Decide(Tap tap)
    {
        if (_taps.TryGetValue(tap.TapId, out var seen))
        {
            return new Decision(null, new TapOutcome(tap.TapId, seen.Status, seen.Code, seen.Message, Id, Flag: seen.Flag).AsDuplicate());
        }
        if (LinkedPersonId is not null && _withdrawnAt is null)
        {
            throw new InvalidOperationException("a linked credential's new taps are decided by its person (ForwardTarget)");
        }
        var walkIn = tap.TemporaryCard && !_issued && !PersonIds.IsPerson(Id);
        if (walkIn && tap.WalkInsAllowed && tap.Flag is null)
        {
            tap = tap with { Flag = new TapFlag(TapFlags.WalkIn, tap.OccurredAt) };
        }
        IEvacueeEvent decided = tap.Action switch
        {
            _ when _withdrawnAt is { } withdrawn => Refuse(tap, Refusals.CardWithdrawn,
                $"The desk withdrew this card at {withdrawn:yyyy-MM-dd HH:mm} UTC: send the person to the desk."),
            _ when walkIn && !tap.WalkInsAllowed => Refuse(tap, Refusals.UnknownCard,
                "This card was not issued by a shelter desk: send the person to the desk to register and get a card."),
            _ when tap.OccurredAt <= tap.OfflineWindowStart => Refuse(tap, Refusals.OutsideOfflineWindow,
                $"The reader says this tap was made offline at {tap.OccurredAt:yyyy-MM-dd HH:mm:ss}Z, before its last contact with the server "
                + $"({tap.OfflineWindowStart:yyyy-MM-dd HH:mm:ss}Z with clock allowance): it was not made offline. If the person was there, record it at the desk."),
            TapAction.CheckIn or TapAction.CheckOut when tap.OccurredAt < LastMoveAt =>
                new MoveSuperseded(tap.TapId, tap.ShelterId, tap.Action, tap.OccurredAt, tap.ReaderId, LastMoveAt.Value, tap.Flag),
            // A card without cryptography, or a certificate without a signature, proves too little to take someone out of another shelter.
            TapAction.CheckIn when tap.LowAssurance && CurrentShelterId is not null && CurrentShelterId != tap.ShelterId =>
                Refuse(tap, Refusals.MoveNeedsDesk, "This card alone cannot check the person in here: send them to the desk."),
            TapAction.CheckIn => new CheckedIn(tap.TapId, tap.ShelterId, CurrentShelterId, tap.OccurredAt, tap.ReaderId, Provisional, tap.LowAssurance, tap.Flag),
            // One answer whether they are checked in nowhere or elsewhere: a reader learns nothing of other shelters.
            TapAction.CheckOut when CurrentShelterId != tap.ShelterId =>
                Refuse(tap, Refusals.NotCheckedIn, "Not checked in here: nothing to check out."),
            TapAction.CheckOut => new CheckedOut(tap.TapId, tap.ShelterId, tap.OccurredAt, tap.ReaderId, tap.Flag),
            TapAction.Meal when tap.Meal is null => throw new ArgumentException("a meal tap needs its meal period", nameof(tap)),
            TapAction.Meal when !tap.CertificateOnly && _certificateOnlyMeals.TryGetValue(tap.Meal.Value.Key, out var alone) =>
                new MealServed(tap.TapId, tap.ShelterId, tap.Meal.Value.Key, tap.OccurredAt, tap.ReaderId, Provisional,
                    new TapFlag(TapFlags.CertificateOnlyPair, alone.OccurredAt), AlreadyCounted: true),
            TapAction.Meal when _meals.Contains(tap.Meal.Value.Key) =>
                Refuse(tap, Refusals.MealAlreadyServed, $"Already served {tap.Meal.Value.Kind.Code()} ({tap.Meal.Value.Date:yyyy-MM-dd})."),
            TapAction.Meal => new MealServed(tap.TapId, tap.ShelterId, tap.Meal.Value.Key, tap.OccurredAt, tap.ReaderId, Provisional, tap.Flag, tap.CertificateOnly),
            TapAction.SupplyPickup => new SupplyPickedUp(tap.TapId, tap.ShelterId, tap.OccurredAt, tap.ReaderId, tap.Flag, tap.CertificateOnly),
            _ => throw new ArgumentOutOfRangeException(nameof(tap), tap.Action, null),
        };
        var remembered = Describe(decided);
        return new Decision(decided, new TapOutcome(tap.TapId, remembered.Status, remembered.Code, remembered.Message, Id, Flag: remembered.Flag));
    }

    /// <summary>The desk links this credential to <paramref name="personId"/>: the event to persist, or null when it already is.</summary>
    public (LinkedToPerson? Event, LinkResult Result) Link(string personId, DateTimeOffset at, string by) => this switch
    {
        _ when PersonIds.IsPerson(Id) => (null, LinkResult.Refused(LinkRefusals.NotACredential, "This is a person, not a credential: link a credential to a person.")),
        _ when !PersonIds.IsPerson(personId) => (null, LinkResult.Refused(LinkRefusals.NotAPerson, "A credential is linked to a registered person.")),
        { LinkedPersonId: { } linked } when linked == personId => (null, LinkResult.Ok),
        { LinkedPersonId: not null } => (null, LinkResult.Refused(LinkRefusals.LinkedElsewhere,
            "This credential is linked to another person: unlink it there first.")),
        _ => (new LinkedToPerson(personId, OwnState(), at, by), LinkResult.Ok),
    };

    /// <summary>
    /// The desk issues this temporary card to <paramref name="personId"/>: it is registered as issued and linked to the
    /// person in one act (a card that walked in first brings what it had). The events to persist, in order.
    /// </summary>
    public (IEvacueeHistory[] Events, LinkResult Result) Issue(string personId, DateTimeOffset at, string by)
    {
        if (_withdrawnAt is not null)
        {
            return ([], LinkResult.Refused(Refusals.CardWithdrawn, "This card was withdrawn: issue another card."));
        }
        var (linked, result) = Link(personId, at, by);
        if (!result.Done)
        {
            return ([], result);
        }
        IEvacueeHistory[] link = linked is null ? [] : [linked];
        return (_issued ? link : [new TemporaryCardIssued(personId, at, by), .. link], result);
    }

    /// <summary>The desk withdraws this temporary card; null when it was already.</summary>
    public TemporaryCardWithdrawn? Withdraw(string reason, DateTimeOffset at, string by) =>
        _withdrawnAt is null ? new TemporaryCardWithdrawn(reason, at, by) : null;

    /// <summary>The desk undoes this credential's link to <paramref name="personId"/>.</summary>
    public (UnlinkedFromPerson? Event, LinkResult Result) Unlink(string personId, DateTimeOffset at, string by) =>
        LinkedPersonId == personId && _ownAtLink is { } own
            ? (new UnlinkedFromPerson(personId, own, at, by), LinkResult.Ok)
            : (null, LinkResult.Refused(LinkRefusals.NotLinked, "This credential is not linked to this person."));

    /// <summary>A person takes over a linked credential's state; null when it did already.</summary>
    public CredentialAbsorbed? Absorb(string credentialId, Handover handover, DateTimeOffset at)
    {
        if (!PersonIds.IsPerson(Id))
        {
            throw new InvalidOperationException("only a person absorbs a credential");
        }
        if (_absorbed.ContainsKey(credentialId))
        {
            return null;
        }
        var later = handover.LastMoveAt is { } moved && (LastMoveAt is null || moved > LastMoveAt);
        return new CredentialAbsorbed(credentialId, handover, CurrentShelterId, later ? handover.CurrentShelterId : CurrentShelterId, LastMoveAt,
            [.. handover.Meals.Where(m => !_meals.Contains(m)).Order(StringComparer.Ordinal)], at);
    }

    /// <summary>
    /// A person gives back what an unlinked credential brought: its meals, and its place unless the person moved since;
    /// taps made with it while it was linked stay the person's. Null when it was not absorbed.
    /// </summary>
    public CredentialReleased? Release(string credentialId, DateTimeOffset at)
    {
        if (!_absorbed.TryGetValue(credentialId, out var absorbed))
        {
            return null;
        }
        var placedByIt = Moved(absorbed) && LastMoveAt == absorbed.Handover.LastMoveAt && CurrentShelterId == absorbed.ShelterAfter;
        return new CredentialReleased(credentialId, CurrentShelterId, placedByIt ? absorbed.ShelterBefore : CurrentShelterId,
            placedByIt ? absorbed.LastMoveBefore : LastMoveAt, [.. absorbed.MealsGained.Where(_meals.Contains)], at);
    }

    /// <summary>Whether absorbing the credential set where the person is (its last move was the later one).</summary>
    public static bool Moved(CredentialAbsorbed absorbed) =>
        absorbed.Handover.LastMoveAt is { } moved && (absorbed.LastMoveBefore is null || moved > absorbed.LastMoveBefore);

    /// <summary>
    /// The desk undoes tap <paramref name="tapId"/>: a meal, or the person's latest check-in or check-out. The event to
    /// persist, or null with the reason it is refused.
    /// </summary>
    public (TapCorrected? Event, CorrectionResult Result) Correct(Guid tapId, string reason, string by, DateTimeOffset at)
    {
        if (LinkedPersonId is not null)
        {
            return (null, new CorrectionResult(false, CorrectionRefusals.LinkedCredential,
                "This credential is linked to a person: correct the tap on the person, or unlink the credential first."));
        }
        if (_corrected.Contains(tapId))
        {
            return (null, new CorrectionResult(false, CorrectionRefusals.AlreadyCorrected, "This tap was corrected already."));
        }
        if (_servedMeals.TryGetValue(tapId, out var meal))
        {
            return (new TapCorrected(tapId, TapAction.Meal, meal.ShelterId, reason, by, at, CurrentShelterId, CurrentShelterId, LastMoveAt, meal.Period),
                new CorrectionResult(true));
        }
        if (_latestMove is { } move && move.TapId == tapId)
        {
            return (new TapCorrected(tapId, move.Action, move.ShelterId, reason, by, at, CurrentShelterId, move.ShelterBefore, move.LastMoveBefore, null),
                new CorrectionResult(true));
        }
        return _taps.TryGetValue(tapId, out var seen)
            ? (null, new CorrectionResult(false, seen.Code is Outcomes.CheckedIn or Outcomes.Moved or Outcomes.CheckedOut or Outcomes.AlreadyCheckedIn
                ? CorrectionRefusals.NotLatestMove : CorrectionRefusals.NotCorrectable,
                seen.Code is Outcomes.CheckedIn or Outcomes.Moved or Outcomes.CheckedOut or Outcomes.AlreadyCheckedIn
                    ? "Only the person's latest check-in or check-out can be undone, once: a later move (or an undo) came after this one."
                    : "Only a meal, or the person's latest check-in or check-out, can be undone."))
            : (null, new CorrectionResult(false, CorrectionRefusals.UnknownTap, "No tap with this ID is on record for this evacuee (taps are kept 8 days)."));
    }

    public void Apply(IEvacueeHistory history)
    {
        switch (history)
        {
            case TemporaryCardIssued:
                _issued = true;
                return;
            case TemporaryCardWithdrawn withdrawn:
                _withdrawnAt = withdrawn.At;
                return;
            case TapCorrected corrected:
                _corrected.Add(corrected.CorrectedTapId);
                if (corrected.MealWithdrawn is { } period)
                {
                    _meals.Remove(period);
                    _servedMeals.Remove(corrected.CorrectedTapId);
                }
                else
                {
                    (CurrentShelterId, LastMoveAt, _latestMove) = (corrected.ShelterAfter, corrected.LastMoveAfter, null);
                }
                return;
            case LinkedToPerson linked:
                (LinkedPersonId, _ownAtLink, CurrentShelterId) = (linked.PersonId, linked.Own, null);
                _meals.Clear();
                return;
            case UnlinkedFromPerson unlinked:
                (LinkedPersonId, _ownAtLink, CurrentShelterId, LastMoveAt) = (null, null, unlinked.Own.CurrentShelterId, unlinked.Own.LastMoveAt);
                _meals.UnionWith(unlinked.Own.Meals);
                return;
            case CredentialAbsorbed absorbed:
                _absorbed[absorbed.CredentialId] = absorbed;
                if (Moved(absorbed))
                {
                    (CurrentShelterId, LastMoveAt) = (absorbed.ShelterAfter, absorbed.Handover.LastMoveAt);
                }
                _meals.UnionWith(absorbed.MealsGained);
                return;
            case CredentialReleased released:
                _absorbed.Remove(released.CredentialId);
                (CurrentShelterId, LastMoveAt) = (released.ShelterAfter, released.LastMoveAfter);
                _meals.ExceptWith(released.MealsRemoved);
                return;
        }
        var e = (IEvacueeEvent)history;
        switch (e)
        {
            case CheckedIn checkedIn:
                _latestMove = new LatestMove(e.TapId, TapAction.CheckIn, checkedIn.ShelterId, CurrentShelterId, LastMoveAt);
                CurrentShelterId = checkedIn.ShelterId;
                LastMoveAt = Max(LastMoveAt, e.OccurredAt);
                break;
            case CheckedOut:
                _latestMove = new LatestMove(e.TapId, TapAction.CheckOut, e.ShelterId, CurrentShelterId, LastMoveAt);
                CurrentShelterId = null;
                LastMoveAt = Max(LastMoveAt, e.OccurredAt);
                break;
            case MealServed { AlreadyCounted: true } paired when _certificateOnlyMeals.Remove(paired.Period, out var alone):
                // The pair goes to the desk: the certificate-only tap is flagged with the signed one's time.
                _flagged[alone.TapId] = new FlaggedTap(alone.TapId, alone.ShelterId, TapAction.Meal, alone.OccurredAt,
                    new TapFlag(TapFlags.CertificateOnlyPair, paired.OccurredAt));
                break;
            case MealServed meal:
                _meals.Add(meal.Period);
                _servedMeals[meal.TapId] = new ServedMeal(meal.TapId, meal.ShelterId, meal.Period, meal.OccurredAt);
                if (meal.CertificateOnly)
                {
                    _certificateOnlyMeals[meal.Period] = new CertificateOnlyMeal(meal.Period, meal.TapId, meal.ShelterId, meal.OccurredAt);
                }
                break;
            case MoveSuperseded superseded:
                _superseded[superseded.TapId] = superseded;
                break;
        }
        if (e is IFlaggableEvent { Flag: { } flag })
        {
            _flagged[e.TapId] = new FlaggedTap(e.TapId, e.ShelterId, ActionOf(e), e.OccurredAt, flag);
        }
        _taps[e.TapId] = Describe(e) with { ShelterId = e.ShelterId };
        if (e.OccurredAt > _latest)
        {
            _latest = e.OccurredAt;
            Forget(_latest - TapMemory);
        }
    }

    /// <summary>Everything the rules need: where the evacuee is, the meals it was served lately, and the taps it remembers.</summary>
    public EvacueeSnapshot ToSnapshot() => new(CurrentShelterId, Provisional, [.. _meals.Order(StringComparer.Ordinal)],
        [.. _taps.Select(t => new EvacueeSnapshot.Remembered(t.Key, t.Value.Status, t.Value.Code, t.Value.Message, t.Value.OccurredAt, t.Value.Flag, t.Value.ShelterId))], _latest,
        LastMoveAt, [.. _superseded.Values], _flagged.Count == 0 ? null : [.. _flagged.Values],
        _certificateOnlyMeals.Count == 0 ? null : [.. _certificateOnlyMeals.Values],
        LinkedPersonId, _ownAtLink, _absorbed.Count == 0 ? null : [.. _absorbed.Values],
        _latestMove, _servedMeals.Count == 0 ? null : [.. _servedMeals.Values], _corrected.Count == 0 ? null : [.. _corrected], _issued, _withdrawnAt);

    private Handover OwnState() => new(CurrentShelterId, LastMoveAt, [.. _meals.Order(StringComparer.Ordinal)]);

    /// <summary>
    /// Restores an evacuee. A snapshot written before moves were ordered has no <see cref="EvacueeSnapshot.LastMoveAt"/>:
    /// until the next move, backlog moves apply in arrival order, as they did then.
    /// </summary>
    public static Evacuee FromSnapshot(string id, EvacueeSnapshot snapshot)
    {
        var evacuee = new Evacuee(id)
        {
            CurrentShelterId = snapshot.CurrentShelterId,
            Provisional = snapshot.Provisional,
            _latest = snapshot.Latest,
            LastMoveAt = snapshot.LastMoveAt,
            LinkedPersonId = snapshot.LinkedPersonId,
            _ownAtLink = snapshot.OwnAtLink,
            _latestMove = snapshot.LatestMove,
            _issued = snapshot.Issued,
            _withdrawnAt = snapshot.WithdrawnAt,
        };
        foreach (var meal in snapshot.ServedMeals ?? [])
        {
            evacuee._servedMeals[meal.TapId] = meal;
        }
        evacuee._corrected.UnionWith(snapshot.Corrected ?? []);
        foreach (var absorbed in snapshot.Absorbed ?? [])
        {
            evacuee._absorbed[absorbed.CredentialId] = absorbed;
        }
        evacuee._meals.UnionWith(snapshot.MealsServed);
        foreach (var superseded in snapshot.Superseded ?? [])
        {
            evacuee._superseded[superseded.TapId] = superseded;
        }
        foreach (var flagged in snapshot.Flagged ?? [])
        {
            evacuee._flagged[flagged.TapId] = flagged;
        }
        foreach (var meal in snapshot.CertificateOnlyMeals ?? [])
        {
            evacuee._certificateOnlyMeals[meal.Period] = meal;
        }
        foreach (var tap in snapshot.Taps)
        {
            evacuee._taps[tap.TapId] = new RememberedTap(tap.Status, tap.Code, tap.Message, tap.OccurredAt, tap.Flag, tap.ShelterId);
        }
        return evacuee;
    }

    private static TapRefused Refuse(Tap tap, string reason, string message) =>
        new(tap.TapId, tap.ShelterId, reason, message, tap.OccurredAt, tap.ReaderId);

    private RememberedTap Describe(IEvacueeEvent e)
    {
        var described = DescribeEffect(e);
        return e is IFlaggableEvent { Flag: { } flag }
            ? described with { Message = $"{described.Message} {FlagNote(flag)}", Flag = flag.Code }
            : described;
    }

    private static string FlagNote(TapFlag flag) => flag.Code switch
    {
        TapFlags.RevokedAfterTap => $"The card was revoked at {flag.Since:yyyy-MM-dd HH:mm} UTC, after this tap: it stands, and the desk is told.",
        TapFlags.HeldAfterTap => $"The credential was put on hold at {flag.Since:yyyy-MM-dd HH:mm} UTC, after this tap: it stands, and the desk is told.",
        TapFlags.CertificateOnlyPair => $"A certificate-only tap took this person's meal of this period at {flag.Since:yyyy-MM-dd HH:mm} UTC: "
            + "both taps stand and go to the desk, and the meal counts once.",
        _ => "The desk is told.",
    };

    private static string CertificateOnlyNote(bool certificateOnly) =>
        certificateOnly ? " Certificate only, no PIN: recorded as lower assurance." : string.Empty;

    private static TapAction ActionOf(IEvacueeEvent e) => e switch
    {
        CheckedIn => TapAction.CheckIn,
        CheckedOut => TapAction.CheckOut,
        MealServed => TapAction.Meal,
        SupplyPickedUp => TapAction.SupplyPickup,
        MoveSuperseded m => m.Action,
        _ => throw new ArgumentOutOfRangeException(nameof(e), e.GetType().Name, null),
    };

    private RememberedTap DescribeEffect(IEvacueeEvent e)
    {
        var note = Provisional ? " Unregistered: send to the desk when convenient." : string.Empty;
        return e switch
        {
            CheckedIn c when c.PreviousShelterId == c.ShelterId => new(TapStatus.Accepted, Outcomes.AlreadyCheckedIn, "Already checked in here." + note, e.OccurredAt),
            CheckedIn c when c.PreviousShelterId is not null => new(TapStatus.Accepted, Outcomes.Moved, "Checked in here; checked out of the previous shelter." + note, e.OccurredAt),
            CheckedIn => new(TapStatus.Accepted, Outcomes.CheckedIn, "Checked in." + note, e.OccurredAt),
            CheckedOut => new(TapStatus.Accepted, Outcomes.CheckedOut, "Checked out.", e.OccurredAt),
            MealServed m => new(TapStatus.Accepted, Outcomes.MealServed, $"Serve {KindOf(m.Period)}.{CertificateOnlyNote(m.CertificateOnly)}", e.OccurredAt),
            SupplyPickedUp p => new(TapStatus.Accepted, Outcomes.SupplyPickedUp, $"Supply pickup recorded.{CertificateOnlyNote(p.CertificateOnly)}", e.OccurredAt),
            MoveSuperseded m => new(TapStatus.Accepted, Outcomes.Superseded,
                $"Recorded; it changes nothing: this person's later check-in or check-out at {m.LaterMoveAt:yyyy-MM-dd HH:mm} UTC stands.", e.OccurredAt),
            TapRefused r => new(TapStatus.Rejected, r.Reason, r.Message, e.OccurredAt),
            _ => throw new ArgumentOutOfRangeException(nameof(e), e.GetType().Name, null),
        };
    }

    private static DateTimeOffset Max(DateTimeOffset? current, DateTimeOffset at) => current is { } known && known > at ? known : at;

    private static string KindOf(string periodKey) =>
        MealPeriod.TryParseKey(periodKey, out var period) ? period.Kind.Code() : "the meal";

    private void Forget(DateTimeOffset before)
    {
        foreach (var old in _taps.Where(t => t.Value.OccurredAt < before).Select(t => t.Key).ToList())
        {
            _taps.Remove(old);
            _superseded.Remove(old);
            _flagged.Remove(old);
            _servedMeals.Remove(old);
            _corrected.Remove(old);
        }
        foreach (var old in _meals.Where(k => MealPeriod.TryParseKey(k, out var p) && p.Date.ToDateTime(TimeOnly.MinValue) < before.UtcDateTime.AddDays(-1)).ToList())
        {
            _meals.Remove(old);
            _certificateOnlyMeals.Remove(old);
        }
    }
}

public sealed record EvacueeSnapshot(string? CurrentShelterId, bool Provisional, string[] MealsServed, EvacueeSnapshot.Remembered[] Taps, DateTimeOffset Latest,
    DateTimeOffset? LastMoveAt = null, MoveSuperseded[]? Superseded = null, FlaggedTap[]? Flagged = null, CertificateOnlyMeal[]? CertificateOnlyMeals = null,
    string? LinkedPersonId = null, Handover? OwnAtLink = null, CredentialAbsorbed[]? Absorbed = null, LatestMove? LatestMove = null,
    ServedMeal[]? ServedMeals = null, Guid[]? Corrected = null, bool Issued = false, DateTimeOffset? WithdrawnAt = null)
{
    public sealed record Remembered(Guid TapId, TapStatus Status, string Code, string Message, DateTimeOffset OccurredAt, string? Flag = null, string? ShelterId = null);
}

/// <summary>A period's meal that a certificate-only tap took, not yet paired with a signed one.</summary>
public sealed record CertificateOnlyMeal(string Period, Guid TapId, string ShelterId, DateTimeOffset OccurredAt);

/// <summary>A remembered tap as the desk sees it: <paramref name="ShelterId"/> is null for taps remembered before shelters were kept with them.</summary>
public sealed record RecentTap(Guid TapId, string? ShelterId, TapStatus Status, string Code, DateTimeOffset OccurredAt, bool Corrected);
