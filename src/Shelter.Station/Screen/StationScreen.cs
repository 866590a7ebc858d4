using System.Runtime.CompilerServices;
using Shelter.Credentials;
using Shelter.Protocol;
using Shelter.Station.Outbox;

namespace Shelter.Station.Screen;

/// <summary>
/// The state of the volunteer's page, changed by the station (cards, answers, the link) and by the page itself
/// (the action, the PIN pad); every change makes a new <see cref="ScreenView"/> that watchers receive.
/// </summary>
public sealed class StationScreen(TimeProvider clock, TimeSpan answerShownFor, bool demo)
{
    private readonly Lock _gate = new();
    private TaskCompletionSource _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private long _version;
    private ScreenRegistration _registration = new(false, null, null, null, false, null);
    private string _action = "check-in";
    private bool _certificateOnlyNow;
    private ScreenStatus _status = new(false, 0, null, [], false, null, null, true, null, QueueHold.None, null, null);
    private ScreenResult? _result;
    private ScreenReading? _reading;
    private ScreenPin? _pin;
    private ScreenCardFace? _cardFace;
    private IReadOnlyList<ScreenAttention> _attention = [];

    /// <summary>The desk's mode: a card on the reader is read for its card-face attributes, not made into a tap.</summary>
    public const string CardFaceAction = "card-face";

    /// <summary>How long read attributes wait on the screen for the person's confirmation before they are forgotten.</summary>
    public static readonly TimeSpan CardFaceShownFor = TimeSpan.FromMinutes(3);

    /// <summary>The actions a volunteer switches between: the taps, as the protocol names them, and the desk's card-face reading.</summary>
    public static readonly IReadOnlyList<string> Actions = ["check-in", "meal", "supply-pickup", "check-out", CardFaceAction];

    public ScreenView View
    {
        get
        {
            lock (_gate)
            {
                return new ScreenView(_version, _registration, _action, _certificateOnlyNow, _status, _result, _reading, _pin, _cardFace, _attention, demo);
            }
        }
    }

    public string Action
    {
        get
        {
            lock (_gate)
            {
                return _action;
            }
        }
    }

    public void Registration(ScreenRegistration registration) => Change(() => _registration = registration);

    public void SwitchAction(string action, bool certificateOnlyNow) => Change(() => (_action, _certificateOnlyNow) = (action, certificateOnlyNow));

    public void Policy(bool certificateOnlyNow) => Change(() => _certificateOnlyNow = certificateOnlyNow);

    public void Reading(CredentialKind? kind) => Change(() => _reading = kind switch
    {
        CredentialKind.JpkiIphone => new ScreenReading(kind.Value.Code(), "iPhoneの画面の案内に従ってください（Face ID）。終わるまでリーダーから離さないでください。",
            "Follow the iPhone's prompt (Face ID); keep it on the reader until it is done."),
        CredentialKind.JpkiAndroid => new ScreenReading(kind.Value.Code(), "スマートフォンをリーダーに置いたまま、暗証番号を入力してください。",
            "Keep the phone on the reader and enter the PIN."),
        CredentialKind.JpkiCard => new ScreenReading(kind.Value.Code(), "カードをリーダーに置いたままにしてください。", "Keep the card on the reader."),
        _ => new ScreenReading(null, "読み取り中…動かさないでください。", "Reading… keep it still."),
    });

    public void Pin(ScreenPin? pin) => Change(() => _pin = pin);

    /// <summary>Attributes read at the desk, waiting for the person's confirmation; null once confirmed, discarded or expired.</summary>
    public void CardFace(ScreenCardFace? cardFace) => Change(() =>
    {
        _reading = null;
        _pin = null;
        _cardFace = cardFace;
    });

    /// <summary>The result of a tap at the reader; the reading is over.</summary>
    public void Show(TapResult result) => Change(() =>
    {
        _reading = null;
        _pin = null;
        _result = Of(result);
    });

    /// <summary>An answer for the tap on the screen, if it still is and is still fresh; false when it has gone (the answer is late).</summary>
    public bool Answer(TapResult answer)
    {
        lock (_gate)
        {
            if (_result is not { TapId: { } shown } current || shown != answer.TapId || clock.GetUtcNow() - current.At > answerShownFor)
            {
                return false;
            }
        }
        Change(() => _result = Of(answer) with { At = _result!.At });
        return true;
    }

    public void Status(Func<ScreenStatus, ScreenStatus> update) => Change(() => _status = update(_status));

    public void Attention(IReadOnlyList<ScreenAttention> attention) => Change(() => _attention = attention);

    /// <summary>The current view, then each new one as it comes, until the watcher goes; the same view again every 15 s so a dead page is noticed.</summary>
    public async IAsyncEnumerable<ScreenView> Watch([EnumeratorCancellation] CancellationToken cancel)
    {
        while (!cancel.IsCancellationRequested)
        {
            Task changed;
            ScreenView view;
            lock (_gate)
            {
                changed = _changed.Task;
                view = View;
            }
            yield return view;
            try
            {
                await changed.WaitAsync(TimeSpan.FromSeconds(15), cancel);
            }
            catch (TimeoutException)
            {
            }
            catch (OperationCanceledException)
            {
                yield break;
            }
        }
    }

    private ScreenResult Of(TapResult result) =>
        new(result.Verdict.ToString().ToLowerInvariant(), result.Japanese, result.English, result.HintJapanese, result.HintEnglish, result.Reason, result.TapId, clock.GetUtcNow());

    private void Change(Action change)
    {
        TaskCompletionSource changed;
        lock (_gate)
        {
            var before = (_registration, _action, _certificateOnlyNow, _status, _result, _reading, _pin, _cardFace, _attention);
            change();
            if (before == (_registration, _action, _certificateOnlyNow, _status, _result, _reading, _pin, _cardFace, _attention))
            {
                return;
            }
            _version++;
            changed = _changed;
            _changed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }
        changed.SetResult();
    }
}
