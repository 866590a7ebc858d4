using Microsoft.Extensions.Options;
using Shelter.Credentials;
using Shelter.Domain;
using Shelter.Protocol;
using Shelter.Station.Card;
using Shelter.Station.CardFace;
using Shelter.Station.Demo;
using Shelter.Station.Outbox;
using Shelter.Station.Pcsc;
using Shelter.Station.Screen;
using Shelter.Station.Server;

namespace Shelter.Station;

/// <summary>
/// The station at work: registers (a code from standard input or the screen), keeps the outbox moving through the
/// link, reads cards from PC/SC (or the demo's virtual reader) one at a time, and keeps the screen told: each tap's
/// result, the server's answers, late refusals for the needs-attention list, the status strip, the shelter's policy.
/// </summary>
public sealed class StationRuntime : BackgroundService
{
    private static readonly TimeSpan ProfileEvery = TimeSpan.FromMinutes(1);
    private static readonly TimeSpan ForgetEvery = TimeSpan.FromMinutes(10);

    private readonly StationOptions _options;
    private readonly StationScreen _screen;
    private readonly ScreenPinPad _pins;
    private readonly TimeProvider _clock;
    private readonly ILogger<StationRuntime> _log;
    private readonly StationToken _tokenFile;
    private readonly HttpClient _http;
    private readonly NonceStock _nonces;
    private readonly SemaphoreSlim _oneCard = new(1, 1);
    private readonly SemaphoreSlim _registering = new(1, 1);
    private readonly Lock _cardFaceGate = new();
    private (CardFaceRead Read, DateTimeOffset At)? _cardFace;
    private ReaderRegistrationResponse? _registration;
    private TapStation? _station;
    private Task? _linkRun;
    private CancellationToken _stopping;

    public StationRuntime(IOptions<StationOptions> options, StationScreen screen, ScreenPinPad pins, TimeProvider clock, ILogger<StationRuntime> log)
    {
        _options = options.Value;
        _screen = screen;
        _pins = pins;
        _clock = clock;
        _log = log;
        Directory.CreateDirectory(_options.DataDirectory);
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(_options.DataDirectory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
        _tokenFile = new StationToken(Path.Combine(_options.DataDirectory, "reader-token.json"));
        Outbox = new TapOutbox(Path.Combine(_options.DataDirectory, "outbox"));
        _http = new HttpClient { BaseAddress = _options.Server, Timeout = TimeSpan.FromSeconds(30) };
        _nonces = new NonceStock(_http, () => _registration?.Token, clock);
        Link = new StationLink(new TapForwarder(_http, Outbox, () => _registration?.Token, clock), Outbox, _nonces, clock);
        Link.Answered += OnAnswered;
        DemoReader = _options.Demo ? new DemoReader(DemoReader.LoadAuthority(_options.DemoAuthority)) : null;
    }

    public TapOutbox Outbox { get; }

    public StationLink Link { get; }

    public DemoReader? DemoReader { get; }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        _stopping = stoppingToken;
        try
        {
            if (_tokenFile.Load() is { } saved)
            {
                await Registered(saved, stoppingToken);
            }
            else if (_options.CodeFromStandardInput)
            {
                _ = Task.Run(() => RegisterFromStandardInput(stoppingToken), stoppingToken);
            }
        }
        catch (StationSetupException ex)
        {
            _screen.Registration(new ScreenRegistration(false, null, null, null, false, ex.Message));
        }
        if (DemoReader is null)
        {
            var watching = new Thread(() => WatchReaders(stoppingToken)) { IsBackground = true, Name = "pcsc-monitor" };
            watching.Start();
        }
        else
        {
            _screen.Status(s => s with { Readers = ["デモ用の仮想リーダー / demo virtual reader"], ReaderProblemJapanese = null, ReaderProblemEnglish = null });
        }
        RefreshAttention();
        var lastProfile = DateTimeOffset.MinValue;
        var lastForget = DateTimeOffset.MinValue;
        using var tick = new PeriodicTimer(TimeSpan.FromSeconds(1), _clock);
        do
        {
            var now = _clock.GetUtcNow();
            if (now - lastForget >= ForgetEvery)
            {
                var forgotten = Outbox.Forget(now - _options.KeepAnsweredFor);
                if (forgotten > 0)
                {
                    _log.LogInformation("Deleted {Count} answered taps older than {Keep}", forgotten, _options.KeepAnsweredFor);
                }
                lastForget = now;
            }
            if (_registration is not null && now - lastProfile >= ProfileEvery)
            {
                lastProfile = await RefreshProfile(stoppingToken) ? now : now - ProfileEvery + TimeSpan.FromSeconds(10);
            }
            DiscardCardFace(readBefore: now - StationScreen.CardFaceShownFor);
            ShowLink();
        }
        while (await Wait(tick, stoppingToken));
    }

    private static async Task<bool> Wait(PeriodicTimer tick, CancellationToken cancel)
    {
        try
        {
            return await tick.WaitForNextTickAsync(cancel);
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    /// <summary>Exchanges a registration code from the desk for the reader token, kept in the owner-only token file.</summary>
    public async Task<ScreenRegistration> Register(string code, CancellationToken cancel)
    {
        await _registering.WaitAsync(cancel);
        try
        {
            var registration = await Enrolment.Enrol(_http, code, cancel);
            _tokenFile.Save(registration);
            _log.LogInformation("Registered as reader {Reader} of shelter {Shelter}", registration.ReaderId, registration.ShelterId);
            await Registered(registration, cancel);
        }
        catch (StationSetupException ex)
        {
            _screen.Registration(_screen.View.Registration with { Error = ex.Message });
        }
        finally
        {
            _registering.Release();
        }
        return _screen.View.Registration;
    }

    private async Task RegisterFromStandardInput(CancellationToken cancel)
    {
        _log.LogInformation("Not registered: type the registration code from the desk here, or on the screen");
        while (!cancel.IsCancellationRequested && _registration is null)
        {
            var line = await Console.In.ReadLineAsync(cancel);
            if (line is null)
            {
                return;
            }
            if (!string.IsNullOrWhiteSpace(line) && _registration is null)
            {
                var result = await Register(line.Trim(), cancel);
                if (result.Error is { } error)
                {
                    _log.LogWarning("Registration failed: {Reason}", error);
                }
            }
        }
    }

    private async Task Registered(ReaderRegistrationResponse registration, CancellationToken cancel)
    {
        _registration = registration;
        _station = new TapStation(registration, Outbox, Link, _nonces, _clock) { Action = _screen.Action };
        _screen.Registration(new ScreenRegistration(true, registration.ReaderId, registration.ShelterId, null, false, null));
        Link.Resume();
        _linkRun ??= Task.Run(() => Link.Run(_stopping), _stopping);
        await RefreshProfile(cancel);
    }

    /// <summary>The shelter's name, zone and policy; a shelter that opened ends a "not open" hold.</summary>
    private async Task<bool> RefreshProfile(CancellationToken cancel)
    {
        if (_registration is not { } registration || _station is not { } station)
        {
            return false;
        }
        if (await ReaderProfileClient.Fetch(_http, registration.Token, cancel) is not { } profile)
        {
            return false;
        }
        station.AllowCertificateOnly = profile.AllowCertificateOnly;
        station.Zone = ShelterTimeZone.Resolve(profile.TimeZone);
        _screen.Registration(new ScreenRegistration(true, profile.ReaderId, profile.ShelterId, profile.ShelterName, profile.AllowCertificateOnly, null));
        _screen.Policy(station.CertificateOnlyNow);
        if (Link.Status.Hold == QueueHold.ShelterNotOpen)
        {
            Link.Resume();
        }
        return true;
    }

    public bool SwitchAction(string action)
    {
        if (!StationScreen.Actions.Contains(action))
        {
            return false;
        }
        if (_station is { } station)
        {
            station.Action = action;
        }
        if (action != StationScreen.CardFaceAction)
        {
            DiscardCardFace();
        }
        _screen.SwitchAction(action, _station?.CertificateOnlyNow ?? false);
        return true;
    }

    /// <summary>A person dealt with a hold (the shelter opened, the administrator mended something): send again.</summary>
    public void Resume()
    {
        Link.Resume();
        ShowLink();
    }

    public bool Dismiss(string tapId)
    {
        if (Outbox.Find(tapId) is not { NeedsAttention: true })
        {
            return false;
        }
        Outbox.NeedsAttention(tapId, false);
        RefreshAttention();
        return true;
    }

    /// <summary>A card or phone arrived at a reader: read it into a tap (one at a time) and show the result.</summary>
    public TapResult Tap(ICardChannel card, byte[] atr)
    {
        if (!_oneCard.Wait(0))
        {
            return new TapResult(Verdict.Red, "別のカードを読み取り中です。終わってからかざしてください。", "Another card is being read: tap again when it is done.", Reason: "busy");
        }
        try
        {
            TapResult result;
            if (_station is not { } station)
            {
                result = new TapResult(Verdict.Red, "この端末はまだ登録されていません。受付の登録コードで登録してください。",
                    "This station is not registered yet: register it with a code from the desk.", Reason: "not-registered");
            }
            else if (_screen.Action == StationScreen.CardFaceAction)
            {
                result = ReadCardFace(card);
            }
            else
            {
                _screen.Reading(null);
                result = station.Read(card, atr, _pins, _stopping, kind => _screen.Reading(kind));
            }
            _screen.Show(result);
            ShowLink();
            return result;
        }
        finally
        {
            _oneCard.Release();
        }
    }

    /// <summary>The card-face attributes of the card on the reader, held (in memory only) until the person confirms them.</summary>
    private TapResult ReadCardFace(ICardChannel card)
    {
        _screen.Reading(CredentialKind.JpkiCard);
        try
        {
            var read = CardFaceDesk.Read(card, tries => _pins.AskPin(tries, _stopping, CardFaceDesk.PinPurpose) ?? throw new OperationCanceledException("the PIN pad was cancelled"));
            var at = _clock.GetUtcNow();
            lock (_cardFaceGate)
            {
                _cardFace = (read, at);
            }
            var a = read.Attributes;
            _screen.CardFace(new ScreenCardFace(a.Name, a.Address, a.BirthDate.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture), a.Sex, at));
            return new TapResult(Verdict.Amber, "読み取った内容をご本人に確認してもらい、正しければ「受付へ送る」を押してください。",
                "Let the person check what was read; if it is right, press Send to the desk.");
        }
        catch (CardProblem problem)
        {
            var (japanese, english) = CardFaceDesk.Sentences(problem);
            return new TapResult(Verdict.Red, japanese, english, Reason: problem.Kind.ToString());
        }
        catch (CardRemovedException)
        {
            var removed = new CardProblem(CardProblemKind.Removed, 0);
            return new TapResult(Verdict.Red, removed.Japanese, removed.English, Reason: nameof(CardProblemKind.Removed));
        }
        catch (OperationCanceledException)
        {
            return new TapResult(Verdict.Red, "取り消しました。もう一度かざすか、手で入力してください。", "Cancelled. Tap again, or type the attributes in.", Reason: "cancelled");
        }
    }

    /// <summary>The person confirmed the attributes: they go to the desk, or, when they cannot, are forgotten all the same.</summary>
    public async Task<TapResult?> ConfirmCardFace(CancellationToken cancel)
    {
        CardFaceRead read;
        lock (_cardFaceGate)
        {
            if (_cardFace is not { } pending)
            {
                return null;
            }
            read = pending.Read;
            _cardFace = null;
        }
        _screen.CardFace(null);
        var reason = _registration is { } registration
            ? await CardReadingClient.Send(_http, registration.Token, read.ToReading(Guid.NewGuid().ToString()), cancel)
            : "not-registered";
        var result = reason switch
        {
            null => new TapResult(Verdict.Green, "受付へ送りました。受付の画面で同意を確かめて登録してください。", "Sent to the desk: confirm consent and register on the desk's page."),
            "offline" => new TapResult(Verdict.Red, "サーバーにつながらないため送れませんでした。内容は消去しました。手で入力してください。",
                "The server cannot be reached, so nothing was sent and the details were deleted: type them in.", Reason: reason),
            _ => new TapResult(Verdict.Red, "受付へ送れませんでした。内容は消去しました。手で入力してください。",
                "The desk did not take it, and the details were deleted: type them in.", Reason: reason),
        };
        _screen.Show(result);
        return result;
    }

    /// <summary>Forgets read attributes that were not sent (only those read before <paramref name="readBefore"/>, when given); false when there were none.</summary>
    public bool DiscardCardFace(DateTimeOffset? readBefore = null)
    {
        lock (_cardFaceGate)
        {
            if (_cardFace is not { } pending || pending.At >= readBefore)
            {
                return false;
            }
            _cardFace = null;
        }
        _screen.CardFace(null);
        return true;
    }

    private void OnAnswered(ForwardRound round)
    {
        var late = false;
        foreach (var answer in round.Answers)
        {
            var result = AnswerSentences.Of(answer);
            if (!_screen.Answer(result) && result.Verdict != Verdict.Green)
            {
                Outbox.NeedsAttention(answer.TapId, true);
                late = true;
            }
        }
        if (late)
        {
            RefreshAttention();
        }
        ShowLink();
    }

    private void RefreshAttention() => _screen.Attention([.. Outbox.Attention().Select(tap =>
    {
        var said = AnswerSentences.Of(new TapAnswer(tap.TapId, tap.Status ?? TapStatusCodes.Rejected, null, tap.Reason, null, null));
        return new ScreenAttention(tap.TapId, tap.OccurredAt, tap.Action, said.Japanese, said.English, tap.Reason);
    })]);

    private void ShowLink()
    {
        var link = Link.Status;
        var (holdJa, holdEn) = link.Hold switch
        {
            QueueHold.TokenRefused => ("この端末の登録が無効になりました（無効化または再登録）。受付で新しい登録コードをもらい、登録してください。送信は止めています。",
                "This station's registration is no longer valid (disabled, or registered again): get a new code from the desk and register. Sending is stopped."),
            QueueHold.ShelterNotOpen => ("避難所がまだ開設されていません。開設されたら「再開」を押してください。送信は止めています。",
                "The shelter is not open: press Resume once it is. Sending is stopped."),
            QueueHold.RequestRefused => ("サーバーが送信を受け付けませんでした。管理者に連絡してください。送信は止めています。",
                "The server refused the upload: tell the administrator. Sending is stopped."),
            _ => ((string?)null, (string?)null),
        };
        var waiting = Outbox.WaitingCount;
        _screen.Status(s => s with
        {
            Online = link.Online,
            Waiting = waiting,
            LastUpload = link.LastUpload,
            ClockInStep = link.ClockInStep,
            ClockAheadSeconds = link.ClockAhead is { } ahead ? Math.Round(ahead.TotalSeconds) : null,
            Hold = link.Hold,
            HoldJapanese = holdJa,
            HoldEnglish = holdEn,
        });
        if (link.Hold == QueueHold.TokenRefused && _screen.View.Registration.Registered)
        {
            _screen.Registration(_screen.View.Registration with { Registered = false });
        }
    }

    /// <summary>The PC/SC readers, on a thread of their own; pcscd not running is said on the screen and tried again.</summary>
    private void WatchReaders(CancellationToken cancel)
    {
        var monitor = new CardMonitor();
        while (!cancel.IsCancellationRequested)
        {
            try
            {
                monitor.Run(
                    (reader, card, atr) =>
                    {
                        if (string.IsNullOrEmpty(_options.Reader) || reader.Contains(_options.Reader, StringComparison.Ordinal))
                        {
                            _screen.Status(s => s with { CardOnReader = true });
                            Tap(card, atr);
                        }
                    },
                    _ => _screen.Status(s => s with { CardOnReader = false }),
                    readers => _screen.Status(s => s with
                    {
                        Readers = readers,
                        ReaderProblemJapanese = readers.Count == 0 ? "カードリーダーが接続されていません。USBケーブルを確かめてください。" : null,
                        ReaderProblemEnglish = readers.Count == 0 ? "No card reader is connected: check its USB cable." : null,
                    }),
                    cancel);
            }
            catch (PcscException ex)
            {
                _log.LogWarning("PC/SC unavailable ({Error}); trying again in 5 s", ex.Error);
                _screen.Status(s => s with
                {
                    Readers = [],
                    ReaderProblemJapanese = ex.Error == PcscError.NoService
                        ? "カードリーダーのサービス（pcscd）が動いていません。管理者に連絡してください。"
                        : "カードリーダーを使えません。USBを差し直してください。",
                    ReaderProblemEnglish = ex.Error == PcscError.NoService
                        ? "The card reader service (pcscd) is not running: tell the administrator."
                        : "The card reader cannot be used: plug it in again.",
                });
                cancel.WaitHandle.WaitOne(TimeSpan.FromSeconds(5));
            }
            catch (DllNotFoundException)
            {
                _log.LogWarning("libpcsclite.so.1 is not installed (apt-get install pcscd libpcsclite1); no reader can be used");
                _screen.Status(s => s with
                {
                    Readers = [],
                    ReaderProblemJapanese = "PC/SC（pcscd）がインストールされていません。管理者に連絡してください。",
                    ReaderProblemEnglish = "PC/SC (pcscd) is not installed: tell the administrator.",
                });
                return;
            }
        }
    }

    public override void Dispose()
    {
        base.Dispose();
        DemoReader?.Dispose();
        Outbox.Dispose();
        _http.Dispose();
        _oneCard.Dispose();
        _registering.Dispose();
    }
}
