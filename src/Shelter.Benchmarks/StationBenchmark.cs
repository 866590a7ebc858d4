using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Shelter.Credentials;
using Shelter.Credentials.DevPki;
using Shelter.Host;
using Shelter.Host.Api;
using Shelter.Protocol;
using Shelter.Station;
using Shelter.Station.Card;
using Shelter.Station.Demo;
using Shelter.Station.Felica;
using Shelter.Station.Jpki;
using Shelter.Station.Outbox;
using Shelter.Station.Server;

namespace Shelter.Benchmarks;

/// <summary>
/// The reader station against the real host (in this process, on loopback, SQLite with synchronous=FULL), each
/// figure beside a baseline from the same run:
/// <list type="bullet">
/// <item>card present to answer shown, a virtual My Number card (the JPKI flow, RSA signature, local check, outbox
/// commit, link, server) and a temporary card, against the same tap posted bare by an HTTP client;</item>
/// <item>outbox writes per second (each tap committed with synchronous=FULL) against a file written and fsynced per tap;</item>
/// <item>the time to drain a 72-hour backlog of a 1,000-person shelter (15 taps a person: check-in, nine meals, five
/// pickups; 15 % temporary cards) through the station's link, against the same number of taps posted bare in
/// batches of 1,000. The host's clock is set 73 hours back while the readers register, so the backlog falls inside
/// their offline window as a real outage's would.</item>
/// </list>
/// </summary>
public static class StationBenchmark
{
    private const string AdminToken = "station-benchmark-admin-token-0123456789";

    public static async Task<int> Run(string[] args)
    {
        var quick = args.Contains("--quick");
        var people = quick ? 100 : 1_000;
        var latencyTaps = quick ? 30 : 200;
        var outboxWrites = quick ? 300 : 2_000;
        var dir = Directory.CreateTempSubdirectory("shelter-station-bench-").FullName;
        try
        {
            using var ca = DevCertificateAuthority.Create();
            var clock = new ShiftedClock();
            await using var host = await StartHost(dir, ca, clock);
            using var http = new HttpClient { BaseAddress = host.Address, Timeout = TimeSpan.FromMinutes(5) };
            Console.WriteLine($"station benchmark: host in process on {host.Address} (SQLite, synchronous=FULL); {people:N0} people for the backlog{(quick ? " (--quick)" : "")}");

            // The backlog readers register, and last hear from the server, 73 hours ago.
            clock.Offset = TimeSpan.FromHours(-73);
            var stationReader = await Enrol(http, "bench-backlog", "backlog-station", people);
            var bareReader = await Enrol(http, "bench-bare", "backlog-bare", people);
            clock.Offset = TimeSpan.Zero;
            var latencyReader = await Enrol(http, "bench-door", "door-station", 10_000);

            await Latency(http, ca, latencyReader, latencyTaps, dir);
            OutboxWrites(dir, outboxWrites);
            await Drain(http, ca, stationReader, bareReader, people, dir);
            return 0;
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(dir, recursive: true);
        }
    }

    private static async Task Latency(HttpClient http, DevCertificateAuthority ca, ReaderRegistrationResponse reader, int taps, string dir)
    {
        using var outbox = new TapOutbox(Path.Combine(dir, "latency-outbox"));
        var nonces = new NonceStock(http, () => reader.Token, TimeProvider.System);
        var link = new StationLink(new TapForwarder(http, outbox, () => reader.Token, TimeProvider.System), outbox, nonces, TimeProvider.System);
        var answers = new ConcurrentDictionary<string, TaskCompletionSource<long>>();
        link.Answered += round =>
        {
            var at = Stopwatch.GetTimestamp();
            foreach (var answer in round.Answers)
            {
                if (answers.TryGetValue(answer.TapId, out var waiting) && answer.Status == TapStatusCodes.Accepted)
                {
                    waiting.TrySetResult(at);
                }
            }
        };
        using var stop = new CancellationTokenSource();
        await nonces.Refill(StationLink.NonceBatch, stop.Token);
        var running = Task.Run(() => link.Run(stop.Token));
        var station = new TapStation(reader, outbox, link, nonces, TimeProvider.System);
        var keys = Enumerable.Range(0, 4).Select(_ => ca.Issue()).ToList();
        var card = new List<double>();
        var temporary = new List<double>();
        var bare = new List<double>();
        for (var i = 0; i < taps * 3; i++)
        {
            var kind = i % 3;
            var pace = Task.Delay(100);
            if (kind == 2)
            {
                var tap = DevTaps.TemporaryCard(Convert.ToHexString(BitConverter.GetBytes((long)(0x7000_0000 + i))), reader.ReaderId, reader.ShelterId, "check-in", DateTimeOffset.UtcNow);
                var started = Stopwatch.GetTimestamp();
                var response = await Post(http, reader.Token, [tap]);
                Expect(response, 1);
                bare.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            }
            else
            {
                using var person = ca.Reissue(keys[i % keys.Count]);
                ICardChannel channel = kind == 0 ? new VirtualJpki(person, VirtualJpki.Card) : new VirtualFelica(BitConverter.GetBytes((long)(0x5000_0000 + i)));
                var atr = kind == 0 ? VirtualJpki.MyNumberAtr : VirtualFelica.Atr;
                var started = Stopwatch.GetTimestamp();
                var result = station.Read(channel, atr, new FixedPin(), stop.Token);
                var answered = answers.GetOrAdd(result.TapId ?? throw new InvalidOperationException(result.English), _ => new TaskCompletionSource<long>());
                if (outbox.Find(result.TapId)?.Status == TapStatusCodes.Accepted)
                {
                    answered.TrySetResult(Stopwatch.GetTimestamp());
                }
                var shown = await answered.Task.WaitAsync(TimeSpan.FromSeconds(30));
                (kind == 0 ? card : temporary).Add(Stopwatch.GetElapsedTime(started, shown).TotalMilliseconds);
            }
            await pace;
        }
        await stop.CancelAsync();
        await running;
        Console.WriteLine($"card present → answer shown ({taps} taps each, one every 100 ms, online):");
        Console.WriteLine($"  My Number card (JPKI flow, PIN, RSA-2048 signature): median {Median(card):F1} ms, p95 {P95(card):F1} ms  ({Median(card) / Median(bare):F1}× the bare post)");
        Console.WriteLine($"  temporary card (FeliCa IDm):                          median {Median(temporary):F1} ms, p95 {P95(temporary):F1} ms  ({Median(temporary) / Median(bare):F1}× the bare post)");
        Console.WriteLine($"  baseline, one tap posted bare by an HTTP client:      median {Median(bare):F1} ms, p95 {P95(bare):F1} ms");
    }

    private static void OutboxWrites(string dir, int writes)
    {
        var taps = Enumerable.Range(0, writes).Select(i => DevTaps.TemporaryCard(i.ToString("x16", CultureInfo.InvariantCulture), "r", "s", "meal", DateTimeOffset.UtcNow)).ToList();
        using var outbox = new TapOutbox(Path.Combine(dir, "write-outbox"));
        var started = Stopwatch.GetTimestamp();
        foreach (var tap in taps)
        {
            outbox.Add(tap, DateTimeOffset.UtcNow);
        }
        var perSecond = writes / Stopwatch.GetElapsedTime(started).TotalSeconds;
        var bytes = Encoding.UTF8.GetBytes(JsonSerializer.Serialize(taps[0], ReaderProtocol.Json));
        using var file = new FileStream(Path.Combine(dir, "fsync-baseline"), FileMode.Create, FileAccess.Write, FileShare.None, 4096, FileOptions.None);
        started = Stopwatch.GetTimestamp();
        for (var i = 0; i < writes; i++)
        {
            file.Write(bytes);
            file.Flush(flushToDisk: true);
        }
        var fsyncs = writes / Stopwatch.GetElapsedTime(started).TotalSeconds;
        Console.WriteLine($"outbox writes: {perSecond:N0} taps/s, each committed (synchronous=FULL)  ({perSecond / fsyncs:P0} of the baseline)");
        Console.WriteLine($"  baseline, a file appended and fsynced per tap: {fsyncs:N0} writes/s");
    }

    private static async Task Drain(HttpClient http, DevCertificateAuthority ca, ReaderRegistrationResponse station, ReaderRegistrationResponse bare, int people, string dir)
    {
        var now = DateTimeOffset.UtcNow;
        var made = Stopwatch.GetTimestamp();
        var stationTaps = Backlog(ca, station, people, now, new Random(1));
        var bareTaps = Backlog(ca, bare, people, now, new Random(2));
        Console.WriteLine($"72-hour backlog: {stationTaps.Count:N0} taps made by the station's own card flow over virtual cards in {Stopwatch.GetElapsedTime(made).TotalSeconds:F1} s");

        // The baseline first: the same shape of backlog posted bare, 1,000 taps a request, one request after another.
        var started = Stopwatch.GetTimestamp();
        var bareAccepted = 0;
        foreach (var batch in bareTaps.Chunk(ReaderProtocol.MaxTapsPerRequest))
        {
            bareAccepted += Expect(await Post(http, bare.Token, batch), batch.Length);
        }
        var bareSeconds = Stopwatch.GetElapsedTime(started).TotalSeconds;

        using var outbox = new TapOutbox(Path.Combine(dir, "backlog-outbox"));
        foreach (var tap in stationTaps)
        {
            outbox.Add(tap, DateTimeOffset.UtcNow);
        }
        var nonces = new NonceStock(http, () => station.Token, TimeProvider.System);
        var link = new StationLink(new TapForwarder(http, outbox, () => station.Token, TimeProvider.System), outbox, nonces, TimeProvider.System);
        var statuses = new ConcurrentDictionary<string, int>();
        var drained = new TaskCompletionSource();
        link.Answered += round =>
        {
            foreach (var answer in round.Answers)
            {
                statuses.AddOrUpdate(answer.Reason ?? answer.Status, 1, (_, n) => n + 1);
            }
            if (outbox.WaitingCount == 0)
            {
                drained.TrySetResult();
            }
        };
        using var stop = new CancellationTokenSource();
        started = Stopwatch.GetTimestamp();
        var running = Task.Run(() => link.Run(stop.Token));
        await drained.Task.WaitAsync(TimeSpan.FromMinutes(30));
        var stationSeconds = Stopwatch.GetElapsedTime(started).TotalSeconds;
        await stop.CancelAsync();
        await running;
        var occupancy = await OccupancyWhen(http, station.ShelterId, people);
        Console.WriteLine($"drain through the station's link: {stationSeconds:F1} s, {stationTaps.Count / stationSeconds:N0} taps/s  ({stationSeconds / bareSeconds:F2}× the baseline); "
            + $"answers {string.Join(", ", statuses.OrderBy(s => s.Key, StringComparer.Ordinal).Select(s => $"{s.Key} {s.Value:N0}"))}; occupancy {occupancy:N0} of {people:N0}");
        Console.WriteLine($"  baseline, posted bare in batches of 1,000: {bareSeconds:F1} s, {bareTaps.Count / bareSeconds:N0} taps/s, {bareAccepted:N0} accepted");
    }

    /// <summary>
    /// A shelter's 72 hours: each person checks in early on, has the nine meals that follow (breakfast, lunch, dinner in
    /// Japan's time) and five pickups; made with the station's own flow over virtual cards, at the time each happened.
    /// </summary>
    private static List<ReaderTap> Backlog(DevCertificateAuthority ca, ReaderRegistrationResponse reader, int people, DateTimeOffset now, Random random)
    {
        var start = now - TimeSpan.FromHours(72);
        var japan = TimeSpan.FromHours(9);
        var mealTimes = Enumerable.Range(0, 4).SelectMany(day => new[] { 7.5, 12.25, 18.25 }.Select(hour =>
            new DateTimeOffset((start + japan).Date.AddDays(day).AddHours(hour), TimeSpan.Zero) - japan)).Where(t => t > start + TimeSpan.FromHours(3) && t < now).Take(9).ToList();
        var clock = new ManualClock();
        var maker = new JpkiTapMaker(clock);
        var keys = Enumerable.Range(0, 8).Select(_ => ca.Issue(new DevIssueOptions { NotBefore = now.AddDays(-30) })).ToList();
        var taps = new List<ReaderTap>();
        var cards = random.NextInt64(1L << 40, 1L << 50);
        for (var p = 0; p < people; p++)
        {
            var checkIn = start + TimeSpan.FromMinutes(random.Next(5, 170));
            var times = new List<(DateTimeOffset At, string Action)> { (checkIn, "check-in") };
            times.AddRange(mealTimes.Select(t => (t + TimeSpan.FromMinutes(random.Next(0, 45)), "meal")));
            times.AddRange(Enumerable.Range(0, 5).Select(_ => (checkIn + TimeSpan.FromMinutes(random.Next(10, 68 * 60)), "supply-pickup")));
            if (p % 100 < 15)
            {
                var cardId = (cards + p).ToString("x16", CultureInfo.InvariantCulture);
                taps.AddRange(times.Select(t => FelicaCard.Tap(cardId, reader.ReaderId, reader.ShelterId, t.Action, t.At)));
                continue;
            }
            using var person = ca.Reissue(keys[p % keys.Count], new DevIssueOptions { NotBefore = now.AddDays(-30) });
            var card = new VirtualJpki(person, VirtualJpki.Card);
            foreach (var (at, action) in times)
            {
                clock.Now = at;
                taps.Add(maker.Make(card, new JpkiTapMaker.Request(reader.ReaderId, reader.ShelterId, action, System.Security.Cryptography.RandomNumberGenerator.GetBytes(TapChallenge.NonceLength)),
                    _ => DemoReader.Pin));
            }
        }
        foreach (var key in keys)
        {
            key.Dispose();
        }
        // The station records taps in the order they happen.
        return [.. taps.OrderBy(t => t.OccurredAt, StringComparer.Ordinal)];
    }

    private static async Task<int> OccupancyWhen(HttpClient http, string shelterId, int expected)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, $"/api/v1/shelters/{shelterId}");
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", AdminToken);
            using var response = await http.SendAsync(request);
            var occupancy = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("occupancy").GetInt32();
            if (occupancy == expected || DateTime.UtcNow > deadline)
            {
                return occupancy;
            }
            await Task.Delay(100);
        }
    }

    private static async Task<TapAnswer[]> Post(HttpClient http, string token, ReaderTap[] taps)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, ReaderProtocol.TapsPathV2) { Content = JsonContent.Create(new TapBatch(taps), options: ReaderProtocol.Json) };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using var response = await http.SendAsync(request);
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<TapBatchAnswer>(ReaderProtocol.Json))!.Results;
    }

    private static int Expect(TapAnswer[] answers, int count)
    {
        var accepted = answers.Count(a => a.Status == TapStatusCodes.Accepted);
        if (answers.Length != count || accepted == 0)
        {
            var refused = answers.FirstOrDefault(a => a.Status != TapStatusCodes.Accepted);
            throw new InvalidOperationException($"the host refused the benchmark's taps: {refused?.Reason} {refused?.Message}");
        }
        return accepted;
    }

    private static async Task<ReaderRegistrationResponse> Enrol(HttpClient http, string shelterId, string readerId, int capacity)
    {
        await Admin(http, HttpMethod.Post, "/api/v1/shelters", new OpenShelterRequest(shelterId, shelterId, capacity, "bench-city", null, AllowWalkIns: true));
        var issued = await Admin(http, HttpMethod.Post, $"/api/v1/shelters/{shelterId}/readers/{readerId}/registration-codes", null);
        var code = JsonDocument.Parse(issued).RootElement.GetProperty("code").GetString()!;
        var reader = await Enrolment.Enrol(http, code, CancellationToken.None);
        // A nonce fetch is a contact: the start of the offline window for the backlog readers.
        if (!await new NonceStock(http, () => reader.Token, TimeProvider.System).Refill(1, CancellationToken.None))
        {
            throw new InvalidOperationException("no server nonces");
        }
        return reader;
    }

    private static async Task<string> Admin(HttpClient http, HttpMethod method, string path, object? body)
    {
        using var request = new HttpRequestMessage(method, path) { Content = body is null ? null : JsonContent.Create(body, body.GetType()) };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", AdminToken);
        using var response = await http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        return response.IsSuccessStatusCode ? text : throw new InvalidOperationException($"{method} {path}: {(int)response.StatusCode} {text}");
    }

    private static async Task<RunningHost> StartHost(string dir, DevCertificateAuthority ca, TimeProvider clock)
    {
        var caFile = Path.Combine(dir, "dev-ca.crt");
        await File.WriteAllBytesAsync(caFile, ca.CertificateDer);
        var app = ShelterApp.Build([], builder =>
        {
            builder.Configuration["Urls"] = "http://127.0.0.1:0";
            builder.Configuration["Shelter:DataDirectory"] = Path.Combine(dir, "host");
            builder.Configuration["Shelter:AdminToken"] = AdminToken;
            builder.Configuration["Shelter:Credentials:AllowTestRoots"] = "true";
            builder.Configuration["Shelter:Credentials:TrustAnchors:0"] = caFile;
            builder.Configuration["Logging:LogLevel:Default"] = "Warning";
            builder.Services.AddSingleton(clock);
        });
        await app.StartAsync();
        return new RunningHost(app, new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First()));
    }

    private static double Median(List<double> values) => Percentile(values, 0.5);

    private static double P95(List<double> values) => Percentile(values, 0.95);

    private static double Percentile(List<double> values, double p)
    {
        var sorted = values.Order().ToList();
        return sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(p * sorted.Count) - 1)];
    }

    private sealed record RunningHost(WebApplication App, Uri Address) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            await App.StopAsync();
            await App.DisposeAsync();
        }
    }

    private sealed class FixedPin : IPinPad
    {
        public string? AskPin(int? triesLeft, CancellationToken cancel, string purpose) => DemoReader.Pin;
    }

    /// <summary>The host's clock, set back while the backlog readers register.</summary>
    private sealed class ShiftedClock : TimeProvider
    {
        public TimeSpan Offset { get; set; }

        public override DateTimeOffset GetUtcNow() => System.GetUtcNow() + Offset;
    }

    /// <summary>The station's clock while it makes the backlog: the time each tap happened.</summary>
    private sealed class ManualClock : TimeProvider
    {
        public DateTimeOffset Now { get; set; }

        public override DateTimeOffset GetUtcNow() => Now;
    }
}
