using Shelter.Credentials;
using Shelter.Domain;
using Shelter.Protocol;
using Shelter.Station.Card;
using Shelter.Station.Felica;
using Shelter.Station.Jpki;
using Shelter.Station.Outbox;
using Shelter.Station.Server;

namespace Shelter.Station;

/// <summary>Asks the person at the reader for their PIN (the screen's pad); null when they cancel.</summary>
public interface IPinPad
{
    /// <param name="triesLeft">What the card said of its tries (shown before the pad); null when it does not say.</param>
    /// <param name="purpose">Which PIN: <see cref="JpkiPurpose"/>, or the card-face application's at the desk.</param>
    string? AskPin(int? triesLeft, CancellationToken cancel, string purpose = JpkiPurpose);

    /// <summary>The JPKI user-authentication PIN, asked at a tap.</summary>
    const string JpkiPurpose = "jpki";
}

/// <summary>The colour the volunteer sees: done, recorded but not yet confirmed, or not done.</summary>
public enum Verdict
{
    Green,
    Amber,
    Red,
}

/// <summary>
/// What the screen shows of one tap at the reader, Japanese first; the tap ID when one was recorded, and a hint the
/// station found itself (the same card already recorded for this meal while no answer has come).
/// </summary>
public sealed record TapResult(Verdict Verdict, string Japanese, string English, string? TapId = null, string? Reason = null)
{
    public string? HintJapanese { get; init; }

    public string? HintEnglish { get; init; }
}

/// <summary>
/// One card or phone at the reader, made into a tap of the current action and committed to the outbox before it is
/// sent: a FeliCa card by its IDm, a JPKI card or phone by its flow with a server nonce (or, offline, one of the
/// station's own). The server's answer comes later, through the link; until then the tap is amber.
/// </summary>
public sealed class TapStation(ReaderRegistrationResponse reader, TapOutbox outbox, StationLink link, NonceStock nonces, TimeProvider clock)
{
    private readonly JpkiTapMaker _maker = new(clock);

    /// <summary>What a tap at the reader records now (チェックイン, 食事, 物資, チェックアウト), switched by the volunteer.</summary>
    public string Action { get; set; } = "check-in";

    /// <summary>The shelter's policy (from the server): meals and pickups from the certificate alone, with no PIN.</summary>
    public bool AllowCertificateOnly { get; set; }

    /// <summary>The shelter's time zone, which decides the meal a tap falls in for the local duplicate hint.</summary>
    public TimeZoneInfo Zone { get; set; } = ShelterTimeZone.Resolve(null);

    public string ReaderId => reader.ReaderId;

    /// <summary>Whether a tap of the current action is recorded from the certificate alone.</summary>
    public bool CertificateOnlyNow => AllowCertificateOnly && Action is "meal" or "supply-pickup";

    /// <param name="opened">Hears the kind of JPKI token as soon as it is known (not called for a FeliCa card).</param>
    public TapResult Read(ICardChannel card, byte[] atr, IPinPad pins, CancellationToken cancel, Action<CredentialKind>? opened = null)
    {
        var action = Action;
        try
        {
            ReaderTap tap;
            var offline = false;
            if (FelicaCard.Classify(atr) == CardFamily.Felica)
            {
                tap = FelicaCard.Tap(FelicaCard.ReadCardId(card), reader.ReaderId, reader.ShelterId, action, clock.GetUtcNow());
            }
            else
            {
                var nonce = nonces.Take(out offline);
                tap = _maker.Make(card, new JpkiTapMaker.Request(reader.ReaderId, reader.ShelterId, action, nonce, CertificateOnlyNow),
                    tries => pins.AskPin(tries, cancel) ?? throw new OperationCanceledException("the PIN pad was cancelled"), opened);
            }
            var earlier = action == "meal" ? outbox.Standing(TapOutbox.CredentialKey(tap.Credential), action) : [];
            outbox.Add(tap, clock.GetUtcNow());
            link.Nudge();
            var result = offline || !link.Status.Online
                ? new TapResult(Verdict.Amber, "記録しました。オンラインに戻ったときに確定します。", "Recorded; confirmed when back online.", tap.TapId)
                : new TapResult(Verdict.Amber, "記録しました。確認中…", "Recorded; confirming…", tap.TapId);
            return SameMeal(earlier, clock.GetUtcNow())
                ? result with
                {
                    HintJapanese = "この方は同じ食事をすでに記録している可能性があります（未確認）。",
                    HintEnglish = "This person may already have had this meal (not yet confirmed).",
                }
                : result;
        }
        catch (CardProblem problem)
        {
            return new TapResult(Verdict.Red, problem.Japanese, problem.English, Reason: problem.Kind.ToString());
        }
        catch (CardRemovedException)
        {
            var removed = new CardProblem(CardProblemKind.Removed, 0);
            return new TapResult(Verdict.Red, removed.Japanese, removed.English, Reason: nameof(CardProblemKind.Removed));
        }
        catch (OperationCanceledException)
        {
            return new TapResult(Verdict.Red, "取り消しました。もう一度かざしてください。", "Cancelled. Tap again.", Reason: "cancelled");
        }
    }

    private bool SameMeal(IReadOnlyList<DateTimeOffset> earlier, DateTimeOffset now)
    {
        var meal = MealPeriod.Of(now, Zone);
        return earlier.Any(at => MealPeriod.Of(at, Zone) == meal);
    }
}
