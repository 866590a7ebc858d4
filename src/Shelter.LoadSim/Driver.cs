using System.Collections.Concurrent;
using System.Diagnostics;
using Shelter.Credentials;
using Shelter.Credentials.DevPki;
using Shelter.Domain;
using Shelter.Protocol;

namespace Shelter.LoadSim;

/// <summary>
/// Plays the corpus against the host like a fleet of readers: a ramp of arrivals, each evacuee's taps in order (one at a
/// time, as a person is at one reader at a time), readers that drop offline and upload their backlog in batches,
/// retries of unanswered taps, deliberate resends (which must come back "duplicate"), and corrupted taps (which must be
/// rejected without disturbing anything). In protocol v2 each tap is signed when it is made and stamped with that time:
/// online over a server nonce from the reader's stock, offline over the reader's own nonce.
/// </summary>
public sealed class Driver
{
    private static readonly HashSet<string> CorruptionReasons = new(StringComparer.Ordinal) { "bad-signature", "challenge-mismatch", "malformed-card-id" };

    private readonly SimOptions _options;
    private readonly Corpus _corpus;
    private readonly HostClient _client;
    private readonly string[] _tokens;
    private readonly Model _model;
    private readonly Stats _stats;
    private readonly int[] _next;
    private readonly ConcurrentQueue<int> _ready = new();
    private readonly (double From, double Until)[] _offline;
    private readonly Dictionary<int, List<(int Evacuee, Made Tap)>> _buffers = [];
    private readonly KeyPool _keys;
    private readonly NonceStock _nonces;
    private readonly Lock _bufferLock = new();
    private readonly Stopwatch _clock = new();
    private int _inFlight;
    private int _remaining;

    /// <summary>A tap as made: its corpus entry (stamped with the time it was made, in v2) and what goes on the wire.</summary>
    private sealed record Made(SimTap Tap, ReaderTap Wire);

    /// <param name="playedFirst">Evacuees whose first tap was already played (before the run, by <see cref="PlayFirstTaps"/> of another driver).</param>
    public Driver(SimOptions options, Corpus corpus, HostClient client, string[] tokens, Model model, Stats stats, KeyPool keys, IReadOnlyCollection<int>? playedFirst = null)
    {
        _keys = keys;
        _nonces = new NonceStock(client, tokens);
        _options = options;
        _corpus = corpus;
        _client = client;
        _tokens = tokens;
        _model = model;
        _stats = stats;
        _next = new int[corpus.Evacuees.Length];
        foreach (var played in playedFirst ?? [])
        {
            _next[played] = 1;
        }
        _remaining = corpus.Evacuees.Count(e => e.Taps.Length > _next[e.Index]);
        var random = new Random(options.Seed);
        var seconds = options.Duration.TotalSeconds;
        _offline = Enumerable.Range(0, options.Readers).Select(_ => random.NextDouble() < options.OfflineShare
            ? (From: seconds * (0.1 + (0.5 * random.NextDouble())), Until: 0.0)
            : (From: double.MaxValue, Until: double.MaxValue)).ToArray();
        for (var r = 0; r < _offline.Length; r++)
        {
            if (_offline[r].From < double.MaxValue)
            {
                _offline[r].Until = _offline[r].From + Math.Min(20, Math.Max(2, seconds / 4));
            }
        }
    }

    public TimeSpan Elapsed => _clock.Elapsed;

    public int InFlight => Volatile.Read(ref _inFlight);

    public int Buffered
    {
        get
        {
            lock (_bufferLock)
            {
                return _buffers.Values.Sum(b => b.Count);
            }
        }
    }

    public bool Exhausted { get; private set; }

    /// <summary>(v2) How many times readers fetched server nonces.</summary>
    public long NonceRequests => _nonces.Fetches;

    public async Task Run(Action<Driver>? onSecond = null)
    {
        _clock.Start();
        var deadline = _options.Duration;
        using var stop = new CancellationTokenSource();
        var feeder = Feed(deadline, stop.Token);
        var uploader = Upload(stop.Token);
        var progress = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                await Task.Delay(1000, stop.Token).ContinueWith(_ => { }, TaskScheduler.Default);
                onSecond?.Invoke(this);
            }
        });
        var workers = Enumerable.Range(0, _options.Concurrency).Select(w => Task.Run(() => Work(w, deadline))).ToArray();
        await Task.WhenAll(workers);
        await stop.CancelAsync();
        await feeder;
        await uploader;
        // Readers that were offline come back now and upload whatever they still hold.
        await FlushAll(everything: true);
        _clock.Stop();
        await progress;
    }

    private async Task Feed(TimeSpan deadline, CancellationToken stop)
    {
        var order = Enumerable.Range(0, _corpus.Evacuees.Length).Where(i => _next[i] < _corpus.Evacuees[i].Taps.Length).ToArray();
        new Random(_options.Seed).Shuffle(order);
        var ramp = TimeSpan.FromSeconds(Math.Min(10, deadline.TotalSeconds / 6));
        var fed = 0;
        while (fed < order.Length && !stop.IsCancellationRequested)
        {
            var share = _clock.Elapsed >= ramp ? 1.0 : Math.Pow(_clock.Elapsed / ramp, 2);
            var target = Math.Max(_options.Concurrency, (int)(order.Length * share));
            while (fed < Math.Min(target, order.Length))
            {
                _ready.Enqueue(order[fed++]);
            }
            await Task.Delay(100, stop).ContinueWith(_ => { }, TaskScheduler.Default);
        }
    }

    private async Task Work(int worker, TimeSpan deadline)
    {
        var random = new Random(HashCode.Combine(_options.Seed, worker));
        while (_clock.Elapsed < deadline)
        {
            if (_options.Rate > 0 && _stats.Sent > _clock.Elapsed.TotalSeconds * _options.Rate)
            {
                await Task.Delay(5);
                continue;
            }
            if (!_ready.TryDequeue(out var evacuee))
            {
                if (Volatile.Read(ref _remaining) == 0)
                {
                    Exhausted = true;
                    return;
                }
                await Task.Delay(2);
                continue;
            }
            var e = _corpus.Evacuees[evacuee];
            var planned = e.Taps[_next[evacuee]];
            if (IsOffline(planned.Reader))
            {
                var offline = await Make(e, planned, online: false, random);
                lock (_bufferLock)
                {
                    if (!_buffers.TryGetValue(planned.Reader, out var buffer))
                    {
                        _buffers[planned.Reader] = buffer = [];
                    }
                    buffer.Add((evacuee, offline));
                }
                continue;
            }
            Interlocked.Increment(ref _inFlight);
            try
            {
                if (random.NextDouble() < _options.BadShare)
                {
                    await SendCorrupted(e, planned, random);
                }
                var made = await Make(e, planned, online: true, random);
                var answer = await SendUntilAnswered(e, made);
                if (answer is not null && answer.Status == "accepted" && random.NextDouble() < _options.DuplicateShare)
                {
                    await Resend(made, answer);
                }
            }
            finally
            {
                Interlocked.Decrement(ref _inFlight);
            }
            Advance(evacuee);
        }
    }

    /// <summary>Plays the first planned tap of each of <paramref name="evacuees"/> online, until answered, into the model.</summary>
    public async Task PlayFirstTaps(IReadOnlyList<int> evacuees)
    {
        _clock.Start();
        await Parallel.ForEachAsync(evacuees, new ParallelOptions { MaxDegreeOfParallelism = _options.Concurrency }, async (evacuee, _) =>
        {
            var e = _corpus.Evacuees[evacuee];
            await SendUntilAnswered(e, await Make(e, e.Taps[0], online: true, new Random(HashCode.Combine(_options.Seed, evacuee)), mayGoWithoutSignature: false));
        });
        _clock.Stop();
    }

    private void Advance(int evacuee)
    {
        if (++_next[evacuee] < _corpus.Evacuees[evacuee].Taps.Length)
        {
            _ready.Enqueue(evacuee);
        }
        else
        {
            Interlocked.Decrement(ref _remaining);
        }
    }

    private bool IsOffline(int reader)
    {
        var now = _clock.Elapsed.TotalSeconds;
        return now >= _offline[reader].From && now < _offline[reader].Until;
    }

    private bool V2 => _options.Protocol == ReaderProtocol.V2;

    /// <summary>
    /// Makes a tap as a reader would: v1 plays the corpus's pre-signed tap (or, with --sign-live, signs it now); v2 stamps
    /// it now and signs it now, over a server nonce when online, its own nonce when offline, or not at all for a
    /// certificate-only meal or pickup.
    /// </summary>
    private async Task<Made> Make(SimEvacuee e, SimTap planned, bool online, Random random, bool mayGoWithoutSignature = true)
    {
        if (!V2 && !_options.SignLive)
        {
            return new Made(planned, Wire(e, planned));
        }
        var tap = planned with { OccurredAt = DateTimeOffset.UtcNow };
        var readerId = Corpus.ReaderId(_options, tap.Reader);
        var shelterId = Corpus.ShelterId(_options, tap.Shelter);
        var action = tap.Action.Code();
        var occurredAt = TapTime.Format(tap.OccurredAt);
        TapCredential credential;
        if (e.Certificate is null)
        {
            credential = new TapCredential(CredentialKind.TemporaryCard.Code(), CardId: e.CardId);
        }
        else if (V2 && mayGoWithoutSignature && tap.Action is TapAction.Meal or TapAction.SupplyPickup && random.NextDouble() < _options.CertificateOnlyShare)
        {
            _stats.AddCertificateOnly();
            credential = new TapCredential(e.Kind.Code(), Convert.ToBase64String(e.Certificate));
        }
        else
        {
            var nonce = (V2 && online ? await _nonces.Take(tap.Reader) : null) ?? System.Security.Cryptography.RandomNumberGenerator.GetBytes(TapChallenge.NonceLength);
            var signer = _keys.SignerOf(e.Certificate) ?? throw new InvalidOperationException($"no pooled key signs evacuee {e.Index}'s certificate");
            var signature = signer.Sign(TapChallenge.For(_options.Protocol, readerId, tap.TapId.ToString(), occurredAt, action, shelterId, nonce));
            credential = new TapCredential(e.Kind.Code(), Convert.ToBase64String(e.Certificate), Convert.ToBase64String(nonce), Convert.ToBase64String(signature));
        }
        return new Made(tap, new ReaderTap(tap.TapId.ToString(), readerId, shelterId, action, occurredAt, credential));
    }

    private async Task<TapAnswer?> SendUntilAnswered(SimEvacuee e, Made made)
    {
        var tap = made.Tap;
        for (var attempt = 1; ; attempt++)
        {
            var watch = Stopwatch.StartNew();
            _stats.AddSent(1);
            var answers = await _client.PostTaps(_tokens[tap.Reader], [made.Wire], protocol: _options.Protocol);
            var answer = answers?.SingleOrDefault();
            if (answer is null)
            {
                _stats.AddHttpFailure();
            }
            else
            {
                _stats.OnlineLatencyMs.Enqueue(watch.Elapsed.TotalMilliseconds);
                if (Record(e, tap, answer))
                {
                    return answer;
                }
            }
            if (attempt >= 50)
            {
                _stats.Problem($"tap {tap.TapId} never answered after {attempt} tries");
                return null;
            }
            _stats.AddRetry();
            await Task.Delay(Math.Min(1000, 50 * attempt));
        }
    }

    /// <summary>Accounts for one answer; false when the tap must be sent again (the host said it could not answer in time).</summary>
    private bool Record(SimEvacuee e, SimTap tap, TapAnswer answer)
    {
        _stats.AddAnswered();
        switch (answer.Status)
        {
            case "accepted":
                _stats.AddAccepted(_clock.Elapsed, _options.Duration);
                if (e.Expired)
                {
                    _stats.Problem($"tap {tap.TapId} by an expired credential was accepted");
                }
                _model.Accepted(e.Index, tap, answer.Outcome ?? "", answer.Flag);
                return true;
            case "duplicate":
                _stats.AddDuplicate();
                if (answer.Outcome is not null)
                {
                    _model.Accepted(e.Index, tap, answer.Outcome, answer.Flag);
                }
                return true;
            default:
                if (answer.Reason == "unavailable")
                {
                    return false;
                }
                _stats.AddRejected(answer.Reason ?? "none");
                _model.Refused(e.Index, tap, answer.Reason ?? "");
                // Rule refusals of good credentials: the model checks each against its answers so far (Model.Refused).
                if (!e.Expired && answer.Reason is not ("meal-already-served" or "not-checked-in" or "checked-in-elsewhere" or "move-needs-desk"))
                {
                    _stats.Problem($"tap {tap.TapId} of a good credential rejected: {answer.Reason} {answer.Message}");
                }
                if (e.Expired && answer.Reason != "expired")
                {
                    _stats.Problem($"tap {tap.TapId} of an expired credential rejected as {answer.Reason}");
                }
                return true;
        }
    }

    /// <summary>As a reader whose answer was lost: the same tap again must come back "duplicate" with the first answer.</summary>
    private async Task Resend(Made made, TapAnswer first)
    {
        var tap = made.Tap;
        _stats.AddSent(1);
        var again = (await _client.PostTaps(_tokens[tap.Reader], [made.Wire], protocol: _options.Protocol))?.SingleOrDefault();
        if (again is null)
        {
            _stats.AddHttpFailure();
            return;
        }
        _stats.AddAnswered();
        _stats.AddDuplicate();
        if (again.Status != "duplicate" || again.Outcome != first.Outcome)
        {
            _stats.Problem($"tap {tap.TapId} resent: expected duplicate/{first.Outcome}, got {again.Status}/{again.Outcome ?? again.Reason}");
        }
    }

    private async Task SendCorrupted(SimEvacuee e, SimTap tap, Random random)
    {
        if (random.Next(8) == 0)
        {
            var (status, reason) = await _client.PostMalformed(_tokens[tap.Reader], _options.Protocol);
            if ((int)status != 400 || reason != "malformed-json")
            {
                _stats.Problem($"malformed body answered {(int)status} {reason}");
            }
            _stats.AddBadRejected();
            return;
        }
        // A corrupted tap is made offline, so that it burns none of the reader's server nonces.
        var wire = (await Make(e, tap, online: false, random, mayGoWithoutSignature: false)).Wire;
        var corrupted = e.Certificate is null
            ? wire with { Credential = wire.Credential with { CardId = "not-a-card" } }
            : wire with { Credential = wire.Credential with { Signature = Convert.ToBase64String(Flip(Convert.FromBase64String(wire.Credential.Signature!), random)) } };
        _stats.AddSent(1);
        var answer = (await _client.PostTaps(_tokens[tap.Reader], [corrupted], protocol: _options.Protocol))?.SingleOrDefault();
        if (answer is null)
        {
            _stats.AddHttpFailure();
            return;
        }
        _stats.AddAnswered();
        if (answer.Status != "rejected" || (!CorruptionReasons.Contains(answer.Reason ?? "") && !(e.Expired && answer.Reason == "expired")))
        {
            _stats.Problem($"corrupted tap {tap.TapId} answered {answer.Status}/{answer.Reason}");
        }
        else
        {
            _stats.AddBadRejected();
        }
    }

    private async Task Upload(CancellationToken stop)
    {
        while (!stop.IsCancellationRequested)
        {
            await FlushAll(everything: false);
            await Task.Delay(200, stop).ContinueWith(_ => { }, TaskScheduler.Default);
        }
    }

    /// <summary>Readers back online send their backlog, in batches of at most 1,000, and retry what got no answer.</summary>
    private async Task FlushAll(bool everything)
    {
        List<(int Reader, List<(int Evacuee, Made Tap)> Backlog)> due;
        lock (_bufferLock)
        {
            due = [.. _buffers.Where(b => b.Value.Count > 0 && (everything || !IsOffline(b.Key))).Select(b => (b.Key, b.Value))];
            foreach (var (reader, _) in due)
            {
                _buffers.Remove(reader);
            }
        }
        await Parallel.ForEachAsync(due, new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (item, _) =>
        {
            foreach (var chunk in item.Backlog.Chunk(1000))
            {
                await SendBacklog(item.Reader, chunk);
            }
        });
    }

    private async Task SendBacklog(int reader, (int Evacuee, Made Tap)[] backlog)
    {
        var pending = backlog.ToList();
        for (var attempt = 1; pending.Count > 0 && attempt <= 50; attempt++)
        {
            var taps = pending;
            var watch = Stopwatch.StartNew();
            _stats.AddSent(taps.Count);
            var answers = await _client.PostTaps(_tokens[reader], [.. taps.Select(t => t.Tap.Wire)], protocol: _options.Protocol);
            if (answers is null || answers.Length != taps.Count)
            {
                _stats.AddHttpFailure();
                await Task.Delay(200 * attempt);
                continue;
            }
            _stats.BatchLatencyMs.Enqueue(watch.Elapsed.TotalMilliseconds);
            var retry = new List<(int, Made)>();
            for (var k = 0; k < taps.Count; k++)
            {
                if (Record(_corpus.Evacuees[taps[k].Evacuee], taps[k].Tap.Tap, answers[k]))
                {
                    Advance(taps[k].Evacuee);
                }
                else
                {
                    retry.Add(taps[k]);
                }
            }
            pending = retry;
            if (pending.Count > 0)
            {
                _stats.AddRetry();
                await Task.Delay(100 * attempt);
            }
        }
        foreach (var (left, _) in pending)
        {
            _stats.Problem($"backlog tap of evacuee {left} at reader {reader} never answered");
        }
    }

    private ReaderTap Wire(SimEvacuee e, SimTap tap)
    {
        var readerId = Corpus.ReaderId(_options, tap.Reader);
        var shelterId = Corpus.ShelterId(_options, tap.Shelter);
        var action = tap.Action.Code();
        var credential = e.Certificate is null
            ? new TapCredential(CredentialKind.TemporaryCard.Code(), CardId: e.CardId)
            : new TapCredential(e.Kind.Code(), Convert.ToBase64String(e.Certificate), Convert.ToBase64String(tap.Nonce!), Convert.ToBase64String(tap.Signature!));
        return new ReaderTap(tap.TapId.ToString(), readerId, shelterId, action, TapTime.Format(tap.OccurredAt), credential);
    }

    private static byte[] Flip(byte[] bytes, Random random)
    {
        var copy = bytes.ToArray();
        copy[random.Next(copy.Length)] ^= (byte)(1 << random.Next(8));
        return copy;
    }
}
