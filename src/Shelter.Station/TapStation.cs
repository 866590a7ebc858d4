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
    string? AskPin(int? triesLeft, CancellationToken cancel);
}

/// <summary>The colour the volunteer sees: done, recorded but not yet confirmed, or not done.</summary>
public enum Verdict
{
    Green,
    Amber,
    Red,
}

/// <summary>What the screen shows of one tap at the reader, Japanese first; the tap ID when one was recorded.</summary>
public sealed record TapResult(Verdict Verdict, string Japanese, string English, string? TapId = null, string? Reason = null);

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

    public TapResult Read(ICardChannel card, byte[] atr, IPinPad pins, CancellationToken cancel)
    {
        try
        {
            ReaderTap tap;
            var offline = false;
            if (FelicaCard.Classify(atr) == CardFamily.Felica)
            {
                tap = FelicaCard.Tap(FelicaCard.ReadCardId(card), reader.ReaderId, reader.ShelterId, Action, clock.GetUtcNow());
            }
            else
            {
                var nonce = nonces.Take(out offline);
                tap = _maker.Make(card, new JpkiTapMaker.Request(reader.ReaderId, reader.ShelterId, Action, nonce),
                    tries => pins.AskPin(tries, cancel) ?? throw new OperationCanceledException("the PIN pad was cancelled"));
            }
            outbox.Add(tap, clock.GetUtcNow());
            link.Nudge();
            return offline || !link.Status.Online
                ? new TapResult(Verdict.Amber, "記録しました。オンラインに戻ったときに確定します。", "Recorded; confirmed when back online.", tap.TapId)
                : new TapResult(Verdict.Amber, "記録しました。確認中…", "Recorded; confirming…", tap.TapId);
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
}
