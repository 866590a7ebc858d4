using System.Net;
using System.Net.Http.Json;
using Microsoft.Data.Sqlite;
using Shelter.Host.Api;
using Shelter.Station.Outbox;

namespace Shelter.Host.Tests;

/// <summary>A host that can be stopped and started again on the same port and data, as a server room's power cut would.</summary>
public sealed class RestartableHostFixture : HostFixture
{
    private readonly int _port = FreePort();

    protected override string Urls => $"http://127.0.0.1:{_port}";

    private static int FreePort()
    {
        using var listener = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}

/// <summary>
/// The station program and the real host on loopback, end to end through the station's screen API: registration
/// with a code from the desk, an online tap that moves the occupancy, taps while the host is down (amber, waiting),
/// the host back (drained, counts exact), a station that crashed before recording an answer (the resend is a
/// duplicate), a disabled reader (the queue held and said), and a station whose clock is wrong.
/// </summary>
public sealed class StationEndToEndTests(RestartableHostFixture host) : IClassFixture<RestartableHostFixture>, IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("shelter-station-").FullName;

    [Fact]
    public async Task Taps_made_while_the_host_is_down_wait_and_are_drained_exactly_once_when_it_is_back()
    {
        var authority = StationUnderTest.WriteAuthority(host.Ca, Path.Combine(_dir, "ca"));
        var data = Path.Combine(_dir, "station");
        var station = await StationUnderTest.Start(host.Http.BaseAddress!, authority, data);
        try
        {
            Assert.False((await station.View()).Registration.Registered);
            await station.Register(await StationUnderTest.OpenWithCode(host, "e2e-hall", "e2e-door"));
            var registered = await station.ViewWhen(v => v.Registration is { Registered: true, ShelterName: not null }, "the registration and the shelter's name");
            Assert.Equal("避難所 e2e-hall", registered.Registration.ShelterName);
            if (!OperatingSystem.IsWindows())
            {
                Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(Path.Combine(data, "reader-token.json")));
            }

            // Amber until the answer comes, which may be before the test looks: the answer is what counts.
            await station.Tap("card-a");
            var confirmed = await station.ViewWhen(v => v.Result?.Verdict == "green", "the server's answer on the banner");
            Assert.Equal("チェックインしました。", confirmed.Result!.Japanese);
            await host.ShelterWhen("e2e-hall", v => v.Occupancy == 1);

            await host.StopNode();
            foreach (var card in new[] { "card-b", "iphone", "temporary" })
            {
                var offline = await station.Tap(card);
                Assert.Equal("amber", offline.Verdict);
            }
            var down = await station.ViewWhen(v => !v.Status.Online && v.Status.Waiting == 3, "offline with three taps waiting");
            Assert.Equal("amber", down.Result!.Verdict);
            Assert.Equal("記録しました。オンラインに戻ったときに確定します。", down.Result.Japanese);

            await host.StartNode();
            await station.ViewWhen(v => v.Status is { Online: true, Waiting: 0 }, "the backlog drained", seconds: 120);
            Assert.Equal(4, (await host.ShelterWhen("e2e-hall", v => v.Occupancy >= 4)).Occupancy);
            Assert.Empty((await station.View()).Attention);
        }
        finally
        {
            await station.DisposeAsync();
        }

        // A station that crashed after posting, before it recorded the answer, still holds the tap unanswered: sent again
        // byte for byte, it is the server's duplicate and counts once.
        using (var outbox = new SqliteConnection($"Data Source={Path.Combine(data, "outbox", "outbox.db")};Pooling=false"))
        {
            outbox.Open();
            using var forget = outbox.CreateCommand();
            forget.CommandText = "UPDATE taps SET status = NULL, reason = NULL, answered_at = NULL WHERE seq = (SELECT MIN(seq) FROM taps)";
            Assert.Equal(1, forget.ExecuteNonQuery());
        }
        var again = await StationUnderTest.Start(host.Http.BaseAddress!, authority, data);
        try
        {
            await again.ViewWhen(v => v.Registration.Registered && v.Status is { Online: true, Waiting: 0 }, "the unanswered tap sent again");
            var resent = again.Runtime.Outbox.Find(FirstTapId(data))!;
            Assert.Equal("duplicate", resent.Status);
            Assert.Equal(4, (await host.ShelterWhen("e2e-hall", v => v.Occupancy == 4)).Occupancy);

            // The reader disabled at the desk: the next tap is kept, the queue holds, and the screen says what to do.
            Assert.Equal(HttpStatusCode.NoContent, (await host.Send(HttpMethod.Delete, "/api/v1/shelters/e2e-hall/readers/e2e-door", HostFixture.AdminToken)).StatusCode);
            await again.Switch("check-out");
            await again.Tap("temporary");
            var held = await again.ViewWhen(v => v.Status.Hold == QueueHold.TokenRefused, "the queue held");
            Assert.Equal(1, held.Status.Waiting);
            Assert.Contains("登録コード", held.Status.HoldJapanese, StringComparison.Ordinal);
            Assert.False(held.Registration.Registered);
            Assert.Equal(4, (await host.ShelterWhen("e2e-hall", v => v.Occupancy == 4)).Occupancy);
        }
        finally
        {
            await again.DisposeAsync();
        }
    }

    [Fact]
    public async Task A_shelter_that_takes_meals_from_the_certificate_alone_gets_them_without_a_pin()
    {
        var code = await StationUnderTest.OpenWithCode(host, "e2e-canteen", "e2e-canteen-door", allowCertificateOnly: true);
        var authority = StationUnderTest.WriteAuthority(host.Ca, Path.Combine(_dir, "ca-canteen"));
        await using var station = await StationUnderTest.Start(host.Http.BaseAddress!, authority, Path.Combine(_dir, "canteen"));
        await station.Register(code);
        var registered = await station.ViewWhen(v => v.Registration.AllowCertificateOnly, "the shelter's policy");
        Assert.False(registered.CertificateOnlyNow);

        await station.Tap("card-a");
        await station.ViewWhen(v => v.Result?.Verdict == "green", "the check-in confirmed");
        await station.Switch("meal");
        Assert.True((await station.View()).CertificateOnlyNow);
        await station.Tap("card-a", pin: null);
        var meal = await station.ViewWhen(v => v.Result is { Verdict: "green", Japanese: "食事を記録しました。" }, "the meal confirmed");
        Assert.Null(meal.Pin);
        var shelter = await host.ShelterWhen("e2e-canteen", v => v.CertificateOnlyTaps == 1);
        Assert.Equal(1, shelter.Occupancy);
    }

    [Fact]
    public async Task A_station_whose_clock_is_ahead_is_told_so_and_its_taps_are_refused_with_the_reason()
    {
        var authority = StationUnderTest.WriteAuthority(host.Ca, Path.Combine(_dir, "ca-skew"));
        var station = await StationUnderTest.Start(host.Http.BaseAddress!, authority, Path.Combine(_dir, "skew"), new AheadClock(TimeSpan.FromMinutes(10)));
        try
        {
            await station.Register(await StationUnderTest.OpenWithCode(host, "e2e-skew", "e2e-skew-door"));
            await station.ViewWhen(v => v.Registration.Registered, "registered");
            await station.Tap("temporary");
            var refused = await station.ViewWhen(v => v.Result?.Verdict == "red", "the refusal");
            Assert.Equal("in-future", refused.Result!.Reason);
            Assert.False(refused.Status.ClockInStep);
            Assert.InRange(refused.Status.ClockAheadSeconds!.Value, 590, 610);
            Assert.Equal(0, (await host.ShelterWhen("e2e-skew", _ => true)).Occupancy);
        }
        finally
        {
            await station.DisposeAsync();
        }
    }

    private static string FirstTapId(string data)
    {
        using var outbox = new SqliteConnection($"Data Source={Path.Combine(data, "outbox", "outbox.db")};Pooling=false;Mode=ReadOnly");
        outbox.Open();
        using var first = outbox.CreateCommand();
        first.CommandText = "SELECT tap_id FROM taps ORDER BY seq LIMIT 1";
        return (string)first.ExecuteScalar()!;
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(_dir, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private sealed class AheadClock(TimeSpan ahead) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => System.GetUtcNow() + ahead;
    }
}
