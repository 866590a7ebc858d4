using System.Net;
using System.Net.Http.Json;
using Shelter.Credentials;
using Shelter.Credentials.DevPki;
using Shelter.Protocol;
using Shelter.Station.Outbox;
using Shelter.Station.Server;

namespace Shelter.Host.Tests;

/// <summary>
/// The station's first contact with the real host: a registration code from the desk exchanged for the reader token,
/// kept in a file only its owner reads; a used code refused with the volunteer's sentence; server nonces fetched ahead
/// and signed by online taps the host accepts, station nonces once they run out.
/// </summary>
public sealed class StationEnrolmentTests(HostFixture host) : IClassFixture<HostFixture>, IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("shelter-station-").FullName;

    private HttpClient Server() => new() { BaseAddress = host.Http.BaseAddress, Timeout = TimeSpan.FromSeconds(30) };

    private async Task<string> Code(string shelter, string reader)
    {
        var response = await host.Send(HttpMethod.Post, $"/api/v1/shelters/{shelter}/readers/{reader}/registration-codes", HostFixture.AdminToken);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>(HostFixture.Json)).GetProperty("code").GetString()!;
    }

    [Fact]
    public async Task A_registration_code_becomes_a_token_only_the_owner_can_read()
    {
        await host.OpenWithReader("enrol-hall", "enrol-hall-desk-reader");
        var code = await Code("enrol-hall", "enrol-hall-gate");
        using var server = Server();

        var registration = await Enrolment.Enrol(server, code.ToLowerInvariant().Replace('-', ' '), CancellationToken.None);
        Assert.Equal("enrol-hall-gate", registration.ReaderId);
        Assert.Equal("enrol-hall", registration.ShelterId);
        var file = new StationToken(Path.Combine(_dir, "token.json"));
        file.Save(registration);
        Assert.Equal(registration, file.Load());

        var again = await Assert.ThrowsAsync<StationSetupException>(() => Enrolment.Enrol(server, code, CancellationToken.None));
        Assert.Contains("登録コード", again.Message);
        Assert.Contains("registration code", again.Message);

        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(file.Path));
            File.SetUnixFileMode(file.Path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.OtherRead);
            Assert.Throws<StationSetupException>(file.Load);
        }
    }

    [Fact]
    public async Task Server_nonces_fetched_ahead_sign_online_taps_and_station_nonces_follow_when_they_run_out()
    {
        var token = await host.OpenWithReader("nonce-hall", "nonce-hall-gate");
        using var server = Server();
        var stock = new NonceStock(server, () => token, TimeProvider.System);
        Assert.True(await stock.Refill(2, CancellationToken.None));
        Assert.Equal(2, stock.Count);

        using var outbox = new TapOutbox(Path.Combine(_dir, "outbox"));
        var offline = new List<bool>();
        for (var i = 0; i < 3; i++)
        {
            var nonce = stock.Take(out var madeOffline);
            offline.Add(madeOffline);
            outbox.Add(DevTaps.Signed(host.Ca.Issue(), CredentialKind.JpkiCard, "nonce-hall-gate", "nonce-hall", "check-in", DateTimeOffset.UtcNow,
                protocol: ReaderProtocol.V2, nonce: nonce), DateTimeOffset.UtcNow);
        }
        Assert.Equal([false, false, true], offline);

        var round = await new TapForwarder(server, outbox, () => token, TimeProvider.System).SendOnce(ReaderProtocol.MaxTapsPerRequest, CancellationToken.None);
        Assert.Equal(3, round.Answers.Count(a => a.Status == TapStatusCodes.Accepted));
    }

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_dir, recursive: true);
    }
}
