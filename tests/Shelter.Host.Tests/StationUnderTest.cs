using System.Net;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Shelter.Credentials;
using Shelter.Credentials.DevPki;
using Shelter.Station;
using Shelter.Station.Screen;

namespace Shelter.Host.Tests;

/// <summary>
/// The station program on loopback, in demo mode (its virtual reader's cards issued by the host's CA), driven through
/// its screen's own API with the session its start link gives, as the page drives it.
/// </summary>
public sealed class StationUnderTest : IAsyncDisposable
{
    private readonly WebApplication _app;

    private StationUnderTest(WebApplication app, Uri address, HttpClient screen, string dataDirectory)
    {
        _app = app;
        Address = address;
        Screen = screen;
        DataDirectory = dataDirectory;
    }

    public Uri Address { get; }

    /// <summary>A client holding the screen's session, sending the page's origin.</summary>
    public HttpClient Screen { get; }

    public string DataDirectory { get; }

    public StationRuntime Runtime => _app.Services.GetRequiredService<StationRuntime>();

    /// <summary>The start link as the station wrote it (good once).</summary>
    public string StartLink => File.ReadAllText(Path.Combine(DataDirectory, "screen-url")).Trim();

    /// <summary>The host's CA as the station demo expects it: the folder the host demo keeps.</summary>
    public static string WriteAuthority(DevCertificateAuthority ca, string folder)
    {
        Directory.CreateDirectory(folder);
        File.WriteAllBytes(Path.Combine(folder, "ca.crt"), ca.CertificateDer);
        OwnerOnlyFile.Write(Path.Combine(folder, "ca.key"), ca.ExportPrivateKeyPem());
        return folder;
    }

    /// <param name="demo">The demo's virtual reader (with cards of <paramref name="authority"/>); otherwise the PC/SC readers.</param>
    public static async Task<StationUnderTest> Start(Uri server, string authority, string dataDirectory, TimeProvider? clock = null,
        IReadOnlyDictionary<string, string>? settings = null, bool demo = true)
    {
        var app = StationApp.Build(demo ? ["--demo"] : [], builder =>
        {
            builder.Configuration["Station:Server"] = server.ToString();
            builder.Configuration["Station:Port"] = "0";
            builder.Configuration["Station:DataDirectory"] = dataDirectory;
            builder.Configuration["Station:DemoAuthority"] = authority;
            builder.Configuration["Station:CodeFromStandardInput"] = "false";
            builder.Configuration["Logging:LogLevel:Default"] = "Warning";
            foreach (var (key, value) in settings ?? new Dictionary<string, string>())
            {
                builder.Configuration[key] = value;
            }
            if (clock is not null)
            {
                builder.Services.AddSingleton(clock);
            }
        });
        await app.StartAsync();
        var address = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
        var cookies = new CookieContainer();
        var screen = new HttpClient(new SocketsHttpHandler { CookieContainer = cookies, AllowAutoRedirect = false }) { BaseAddress = address, Timeout = TimeSpan.FromSeconds(60) };
        screen.DefaultRequestHeaders.Add("Origin", address.GetLeftPart(UriPartial.Authority));
        var station = new StationUnderTest(app, address, screen, dataDirectory);
        var opened = await screen.GetAsync(station.StartLink);
        Assert.Equal(HttpStatusCode.Redirect, opened.StatusCode);
        return station;
    }

    /// <summary>Opens a shelter (as the municipality would) and issues a registration code for one of its readers (as the desk would).</summary>
    public static async Task<string> OpenWithCode(HostFixture host, string shelterId, string readerId, string? name = null, bool allowCertificateOnly = false)
    {
        var open = await host.Send(HttpMethod.Post, "/api/v1/shelters", HostFixture.AdminToken,
            new Api.OpenShelterRequest(shelterId, name ?? "避難所 " + shelterId, 100, "testcity", null, allowCertificateOnly, AllowWalkIns: true));
        Assert.True(open.IsSuccessStatusCode, await open.Content.ReadAsStringAsync());
        var issued = await host.Send(HttpMethod.Post, $"/api/v1/shelters/{shelterId}/readers/{readerId}/registration-codes", HostFixture.AdminToken);
        Assert.Equal(HttpStatusCode.Created, issued.StatusCode);
        return (await issued.Content.ReadFromJsonAsync<Api.RegistrationCodeView>(HostFixture.Json))!.Code;
    }

    public async Task<ScreenView> View() => (await Screen.GetFromJsonAsync<ScreenView>("/api/screen", HostFixture.Json))!;

    /// <summary>The screen as soon as it shows what the test expects (the station works in the background).</summary>
    public async Task<ScreenView> ViewWhen(Func<ScreenView, bool> expected, string what, int seconds = 60)
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        while (true)
        {
            var view = await View();
            if (expected(view))
            {
                return view;
            }
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"the screen never showed {what}: {System.Text.Json.JsonSerializer.Serialize(view, HostFixture.Json)}");
            }
            await Task.Delay(50);
        }
    }

    public async Task Register(string code)
    {
        var response = await Screen.PostAsJsonAsync("/api/register", new RegisterRequest(code));
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
    }

    public async Task Switch(string action) =>
        Assert.Equal(HttpStatusCode.NoContent, (await Screen.PostAsJsonAsync("/api/action", new ActionRequest(action))).StatusCode);

    /// <summary>Puts a demo card on the virtual reader and, when it asks, types the PIN; returns the result shown.</summary>
    public async Task<ScreenResult> Tap(string card, string? pin = DemoPin)
    {
        var before = (await View()).Result;
        Assert.Equal(HttpStatusCode.Accepted, (await Screen.PostAsJsonAsync("/api/demo/present", new PresentRequest(card))).StatusCode);
        if (pin is not null)
        {
            await ViewWhen(v => v.Pin is not null || (v.Result is { } r && r != before), "the PIN pad or a result");
            if ((await View()).Pin is not null)
            {
                Assert.Equal(HttpStatusCode.NoContent, (await Screen.PostAsJsonAsync("/api/pin", new PinRequest(pin))).StatusCode);
            }
        }
        return (await ViewWhen(v => v.Result is { } r && r.At != before?.At, "the tap's result")).Result!;
    }

    public const string DemoPin = Station.Demo.DemoReader.Pin;

    public async ValueTask DisposeAsync()
    {
        Screen.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
