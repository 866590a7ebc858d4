using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Shelter.Credentials;
using Shelter.Credentials.DevPki;
using Shelter.Domain;
using Shelter.Host.Api;
using Shelter.Host.Taps;
using Shelter.Protocol;

namespace Shelter.Host.Tests;

/// <summary>
/// The real host on Kestrel (loopback, a free port) with a real SQLite file in a temporary folder, in development
/// mode with a dev CA made for this run.
/// </summary>
public class HostFixture : IAsyncLifetime
{
    public const string AdminToken = "test-admin-token-for-tests-only-0123456789";

    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull };

    private readonly string _dir = Directory.CreateTempSubdirectory("shelter-host-").FullName;
    private WebApplication? _app;

    public DevCertificateAuthority Ca { get; } = DevCertificateAuthority.Create();

    public HttpClient Http { get; private set; } = null!;

    /// <summary>The host's services, for tests that reach past the API (the access store, to stage an expired token).</summary>
    public IServiceProvider Services => _app!.Services;

    /// <summary>The node's data folder: its journal (shelter.db) and access store (access.db).</summary>
    public string DataDirectory => Path.Combine(_dir, "data");

    /// <summary>Every warning and error the host has logged.</summary>
    public RecordingLoggerProvider Log { get; } = new();

    /// <summary>Serve HTTPS with a certificate made for this run (<see cref="TlsCertificateFile"/>) instead of plain HTTP.</summary>
    protected virtual bool Https => false;

    /// <summary>The node's TLS certificate (PEM) when it serves HTTPS: the one root a client of this run trusts.</summary>
    public string TlsCertificateFile => Path.Combine(_dir, "tls.crt");

    /// <summary>Runs before the node starts, with its (empty) data folder: a test may put a restored backup there.</summary>
    protected virtual void PrepareDataDirectory(string dataDirectory)
    {
    }

    /// <summary>Settings a test adds to the node's own, applied last.</summary>
    protected virtual void Configure(Microsoft.Extensions.Configuration.ConfigurationManager configuration)
    {
    }

    /// <summary>Where the node listens; a free port unless a test needs the same one across a restart.</summary>
    protected virtual string Urls => Https ? "https://127.0.0.1:0" : "http://127.0.0.1:0";

    public Task InitializeAsync() => StartNode();

    /// <summary>Stops the node, keeping its data folder and CA, as a power cut or an upgrade would; <see cref="StartNode"/> brings it back.</summary>
    public async Task StopNode()
    {
        Http.Dispose();
        if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
            _app = null;
        }
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
    }

    /// <summary>Starts the node on its data folder.</summary>
    public async Task StartNode()
    {
        PrepareDataDirectory(DataDirectory);
        var caFile = Path.Combine(_dir, "dev-ca.crt");
        await File.WriteAllBytesAsync(caFile, Ca.CertificateDer);
        if (Https)
        {
            TestTls.WriteCertificate(TlsCertificateFile, Path.Combine(_dir, "tls.key"));
        }
        _app = ShelterApp.Build([], builder =>
        {
            builder.Configuration["Urls"] = Urls;
            if (Https)
            {
                builder.Configuration["Kestrel:Certificates:Default:Path"] = TlsCertificateFile;
                builder.Configuration["Kestrel:Certificates:Default:KeyPath"] = Path.Combine(_dir, "tls.key");
            }
            builder.Configuration["Shelter:DataDirectory"] = Path.Combine(_dir, "data");
            builder.Configuration["Shelter:AdminToken"] = AdminToken;
            builder.Configuration["Shelter:Credentials:AllowTestRoots"] = "true";
            builder.Configuration["Shelter:Credentials:TrustAnchors:0"] = caFile;
            builder.Configuration["Shelter:Akka:QueryRefreshInterval"] = "00:00:00.050";
            builder.Configuration["Logging:LogLevel:Default"] = "Warning";
            builder.Logging.AddProvider(Log);
            Configure(builder.Configuration);
        });
        await _app.StartAsync();
        var address = _app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        Http = new HttpClient(Handler()) { BaseAddress = new Uri(address), Timeout = TimeSpan.FromSeconds(60) };
        ViewerToken = await Issue("viewer", "test viewer");
    }

    /// <summary>A client handler that trusts this run's TLS certificate and nothing else (plain HTTP: an ordinary handler).</summary>
    public HttpMessageHandler Handler()
    {
        var handler = new SocketsHttpHandler();
        if (Https)
        {
            handler.SslOptions.RemoteCertificateValidationCallback = LoadSim.TlsTrust.Only(LoadSim.TlsTrust.Load(TlsCertificateFile));
        }
        return handler;
    }

    /// <summary>A viewer token for every municipality, issued by the admin at start.</summary>
    public string ViewerToken { get; private set; } = "";

    /// <summary>Issues a token with the admin token; returns its text.</summary>
    public async Task<string> Issue(string role, string name, string? municipality = null, string? shelterId = null)
    {
        var response = await Send(HttpMethod.Post, "/api/v1/tokens", AdminToken, new IssueTokenRequest(role, name, municipality, shelterId, null));
        Assert.Equal(System.Net.HttpStatusCode.Created, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<IssuedTokenView>(Json))!.Token;
    }

    public async Task<HttpResponseMessage> Send(HttpMethod method, string path, string? token, object? body = null, string? rawBody = null)
    {
        using var request = new HttpRequestMessage(method, path);
        // Large uploads ask first, as a careful client does, so a refusal arrives before the body is sent.
        request.Headers.ExpectContinue = rawBody?.Length > 1024 * 1024;
        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }
        if (rawBody is not null)
        {
            request.Content = new StringContent(rawBody, System.Text.Encoding.UTF8, "application/json");
        }
        else if (body is not null)
        {
            request.Content = JsonContent.Create(body, body.GetType(), options: Json);
        }
        return await Http.SendAsync(request);
    }

    /// <summary>
    /// Opens a shelter and registers a reader there; returns the reader's token. Test shelters take walk-ins unless told
    /// not to: most tests use temporary cards as the cheapest people, not as cards the desk issued.
    /// </summary>
    public async Task<string> OpenWithReader(string shelterId, string readerId, string municipality = "testcity", int capacity = 100, Location? at = null,
        bool allowWalkIns = true)
    {
        var open = await Send(HttpMethod.Post, "/api/v1/shelters", AdminToken,
            new OpenShelterRequest(shelterId, "避難所 " + shelterId, capacity, municipality, null, Latitude: at?.Latitude, Longitude: at?.Longitude,
                AllowWalkIns: allowWalkIns));
        Assert.True(open.IsSuccessStatusCode, await open.Content.ReadAsStringAsync());
        var register = await Send(HttpMethod.Post, $"/api/v1/shelters/{shelterId}/readers", AdminToken, new RegisterReaderRequest(readerId));
        Assert.Equal(System.Net.HttpStatusCode.Created, register.StatusCode);
        return (await register.Content.ReadFromJsonAsync<ReaderRegistrationResponse>(Json))!.Token;
    }

    public Task<TapAnswer[]> PostTaps(string token, params ReaderTap[] taps) => PostTaps(ReaderProtocol.V1, token, taps);

    /// <summary>Posts a batch to the path of protocol <paramref name="version"/>; the request must succeed.</summary>
    public async Task<TapAnswer[]> PostTaps(string version, string token, params ReaderTap[] taps)
    {
        var response = await Send(HttpMethod.Post, ReaderProtocol.TapsPathOf(version), token, new TapBatch(taps));
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<TapBatchAnswer>(Json))!.Results;
    }

    public ReaderTap Tap(DevCredential credential, string reader, string shelter, string action, DateTimeOffset? at = null, Guid? tapId = null) =>
        DevTaps.Signed(credential, CredentialKind.JpkiCard, reader, shelter, action, at ?? DateTimeOffset.UtcNow, tapId);

    /// <summary>The evacuee a credential is, as the desk finds it by showing it (<c>POST /api/v1/evacuees/lookup</c>).</summary>
    public async Task<EvacueeView> EvacueeOf(DevCredential credential) =>
        await LookUp(new CredentialLookupRequest("jpki-card", Convert.ToBase64String(credential.CertificateDer), null));

    public async Task<EvacueeView> EvacueeOfCard(string cardId) => await LookUp(new CredentialLookupRequest("temporary-card", null, cardId));

    private async Task<EvacueeView> LookUp(CredentialLookupRequest request)
    {
        var response = await Send(HttpMethod.Post, "/api/v1/evacuees/lookup", AdminToken, request);
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<EvacueeView>(Json))!;
    }

    /// <summary>Shelter figures follow a tap within moments (the relay); poll until they match.</summary>
    public async Task<ShelterView> ShelterWhen(string shelterId, Func<ShelterView, bool> expected)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            var response = await Send(HttpMethod.Get, $"/api/v1/shelters/{shelterId}", ViewerToken);
            var view = (await response.Content.ReadFromJsonAsync<ShelterView>(Json))!;
            if (expected(view))
            {
                return view;
            }
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"shelter {shelterId}: occupancy {view.Occupancy}, meals {view.MealsToday}");
            }
            await Task.Delay(50);
        }
    }

    public virtual async Task DisposeAsync()
    {
        Http.Dispose();
        if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }
        Ca.Dispose();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(_dir, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
