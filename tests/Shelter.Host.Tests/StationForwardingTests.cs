using System.Net;
using Shelter.Credentials;
using Shelter.Credentials.DevPki;
using Shelter.Protocol;
using Shelter.Station.Outbox;

namespace Shelter.Host.Tests;

/// <summary>
/// The station's store and forward against the real host on loopback: taps committed to the outbox are sent in one
/// batch and answered; a tap sent again byte for byte (a station that crashed before it recorded the answer) is the
/// server's duplicate and counts once; an unreachable server leaves every tap waiting; a disabled reader holds the
/// queue instead of sending it again and again.
/// </summary>
public sealed class StationForwardingTests(HostFixture host) : IClassFixture<HostFixture>, IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("shelter-outbox-").FullName;

    private TapForwarder Forwarder(TapOutbox outbox, string? token, Uri? server = null) =>
        new(new HttpClient { BaseAddress = server ?? host.Http.BaseAddress, Timeout = TimeSpan.FromSeconds(30) }, outbox, () => token, TimeProvider.System);

    private List<ReaderTap> CheckIns(string reader, string shelter, int count) =>
        [.. Enumerable.Range(0, count).Select(_ => DevTaps.Signed(host.Ca.Issue(), CredentialKind.JpkiCard, reader, shelter, "check-in", DateTimeOffset.UtcNow,
            protocol: ReaderProtocol.V2))];

    [Fact]
    public async Task Taps_in_the_outbox_are_answered_once_and_a_resend_is_a_duplicate()
    {
        var token = await host.OpenWithReader("fwd-online", "fwd-online-gate");
        using var outbox = new TapOutbox(Path.Combine(_dir, "online"));
        var taps = CheckIns("fwd-online-gate", "fwd-online", 3);
        foreach (var tap in taps)
        {
            outbox.Add(tap, DateTimeOffset.UtcNow);
        }
        Assert.Equal(3, outbox.WaitingCount);

        var round = await Forwarder(outbox, token).SendOnce(ReaderProtocol.MaxTapsPerRequest, CancellationToken.None);
        Assert.True(round.Online);
        Assert.Equal(QueueHold.None, round.Hold);
        Assert.All(round.Answers, a => Assert.Equal(TapStatusCodes.Accepted, a.Status));
        Assert.Equal(3, round.Answers.Count);
        Assert.NotNull(round.ServerTime);
        Assert.Equal(0, outbox.WaitingCount);
        Assert.Equal(TapStatusCodes.Accepted, outbox.Find(taps[0].TapId)!.Status);
        await host.ShelterWhen("fwd-online", v => v.Occupancy == 3);

        // A station that crashed after posting, before recording the answer, still holds the tap as it was first written.
        using var again = new TapOutbox(Path.Combine(_dir, "again"));
        again.Add(outbox.Find(taps[0].TapId)!.Json, DateTimeOffset.UtcNow);
        var resent = await Forwarder(again, token).SendOnce(ReaderProtocol.MaxTapsPerRequest, CancellationToken.None);
        Assert.Equal(TapStatusCodes.Duplicate, Assert.Single(resent.Answers).Status);
        Assert.Equal(3, (await host.ShelterWhen("fwd-online", v => v.Occupancy == 3)).Occupancy);
    }

    [Fact]
    public async Task An_unreachable_server_leaves_every_tap_waiting_until_it_answers()
    {
        var token = await host.OpenWithReader("fwd-offline", "fwd-offline-gate");
        using var outbox = new TapOutbox(Path.Combine(_dir, "offline"));
        foreach (var tap in CheckIns("fwd-offline-gate", "fwd-offline", 3))
        {
            outbox.Add(tap, DateTimeOffset.UtcNow);
        }
        using var closed = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        closed.Start();
        var nowhere = new Uri($"http://127.0.0.1:{((IPEndPoint)closed.LocalEndpoint).Port}");
        closed.Stop();

        var offline = await Forwarder(outbox, token, nowhere).SendOnce(ReaderProtocol.MaxTapsPerRequest, CancellationToken.None);
        Assert.False(offline.Online);
        Assert.Equal(3, outbox.WaitingCount);

        var back = await Forwarder(outbox, token).SendOnce(ReaderProtocol.MaxTapsPerRequest, CancellationToken.None);
        Assert.Equal(3, back.Answers.Count(a => a.Status == TapStatusCodes.Accepted));
        Assert.Equal(0, outbox.WaitingCount);
        await host.ShelterWhen("fwd-offline", v => v.Occupancy == 3);
    }

    [Fact]
    public async Task A_disabled_reader_holds_the_queue()
    {
        var token = await host.OpenWithReader("fwd-disabled", "fwd-disabled-gate");
        using var outbox = new TapOutbox(Path.Combine(_dir, "disabled"));
        outbox.Add(CheckIns("fwd-disabled-gate", "fwd-disabled", 1)[0], DateTimeOffset.UtcNow);
        var disabled = await host.Send(HttpMethod.Delete, "/api/v1/shelters/fwd-disabled/readers/fwd-disabled-gate", HostFixture.AdminToken);
        Assert.True(disabled.IsSuccessStatusCode, await disabled.Content.ReadAsStringAsync());

        var round = await Forwarder(outbox, token).SendOnce(ReaderProtocol.MaxTapsPerRequest, CancellationToken.None);
        Assert.Equal(QueueHold.TokenRefused, round.Hold);
        Assert.Equal(1, outbox.WaitingCount);
    }

    [Fact]
    public async Task The_link_sends_refills_nonces_notes_the_clock_and_stops_at_a_hold()
    {
        var token = await host.OpenWithReader("fwd-link", "fwd-link-gate");
        using var outbox = new TapOutbox(Path.Combine(_dir, "link"));
        using var http = new HttpClient { BaseAddress = host.Http.BaseAddress, Timeout = TimeSpan.FromSeconds(30) };
        var nonces = new Shelter.Station.Server.NonceStock(http, () => token, TimeProvider.System);
        var link = new StationLink(new TapForwarder(http, outbox, () => token, TimeProvider.System), outbox, nonces, TimeProvider.System, new Random(5));
        foreach (var tap in CheckIns("fwd-link-gate", "fwd-link", 2))
        {
            outbox.Add(tap, DateTimeOffset.UtcNow);
        }
        ForwardRound? heard = null;
        link.Answered += round => heard = round;

        var pause = await link.Step(CancellationToken.None);
        Assert.Equal(TimeSpan.FromSeconds(30), pause);
        Assert.True(link.Status.Online);
        Assert.Equal(0, link.Status.Waiting);
        Assert.NotNull(link.Status.LastUpload);
        Assert.True(link.Status.ClockInStep, $"clock ahead by {link.Status.ClockAhead}");
        Assert.Equal(2, heard!.Answers.Count);
        Assert.Equal(StationLink.NonceBatch, nonces.Count);

        outbox.Add(CheckIns("fwd-link-gate", "fwd-link", 1)[0], DateTimeOffset.UtcNow);
        var disabled = await host.Send(HttpMethod.Delete, "/api/v1/shelters/fwd-link/readers/fwd-link-gate", HostFixture.AdminToken);
        Assert.True(disabled.IsSuccessStatusCode);
        Assert.Equal(Timeout.InfiniteTimeSpan, await link.Step(CancellationToken.None));
        Assert.Equal(QueueHold.TokenRefused, link.Status.Hold);
        Assert.Equal(1, link.Status.Waiting);
        // Held, it sends nothing however often it is asked.
        Assert.Equal(Timeout.InfiniteTimeSpan, await link.Step(CancellationToken.None));
        Assert.Equal(1, outbox.WaitingCount);
    }

    [Fact]
    public async Task The_link_backs_off_while_the_server_is_out_of_reach()
    {
        using var outbox = new TapOutbox(Path.Combine(_dir, "unreachable"));
        outbox.Add(CheckIns("nobody-gate", "nowhere", 1)[0], DateTimeOffset.UtcNow);
        using var closed = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        closed.Start();
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{((IPEndPoint)closed.LocalEndpoint).Port}") };
        closed.Stop();
        var link = new StationLink(new TapForwarder(http, outbox, () => "srdr_x", TimeProvider.System), outbox,
            new Shelter.Station.Server.NonceStock(http, () => "srdr_x", TimeProvider.System), TimeProvider.System, new Random(5));

        var first = await link.Step(CancellationToken.None);
        var second = await link.Step(CancellationToken.None);
        Assert.False(link.Status.Online);
        Assert.Equal(1, link.Status.Waiting);
        Assert.InRange(first, TimeSpan.FromSeconds(0.5), TimeSpan.FromSeconds(1));
        Assert.InRange(second, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(2));
    }

    [Fact]
    public void The_backoff_doubles_to_a_minute_with_jitter()
    {
        var random = new Random(3);
        Assert.InRange(TapForwarder.Backoff(1, random), TimeSpan.FromSeconds(0.5), TimeSpan.FromSeconds(1));
        Assert.InRange(TapForwarder.Backoff(3, random), TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(4));
        Assert.InRange(TapForwarder.Backoff(50, random), TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(60));
    }

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_dir, recursive: true);
    }
}
