using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Shelter.Credentials.DevPki;
using Shelter.Host.Api;
using Shelter.Protocol;
using Xunit.Abstractions;

namespace Shelter.Host.Tests;

/// <summary>
/// A graceful stop under load: taps keep coming while the node is told to stop. Every tap that reached the node gets
/// its answer (none waits out its timeout), and after a restart on the same data the shelter counts exactly the taps
/// that were answered accepted.
/// </summary>
public sealed class DrainTests(ITestOutputHelper output) : IDisposable
{
    private const string AdminToken = "drain-admin-token-for-tests-only-0123456789";
    private readonly string _dir = Directory.CreateTempSubdirectory("shelter-drain-").FullName;

    private WebApplication Build() => ShelterApp.Build([], builder =>
    {
        builder.Configuration["Urls"] = "http://127.0.0.1:0";
        builder.Configuration["Shelter:DataDirectory"] = Path.Combine(_dir, "data");
        builder.Configuration["Shelter:AdminToken"] = AdminToken;
        builder.Configuration["Shelter:Akka:QueryRefreshInterval"] = "00:00:00.050";
        builder.Configuration["Shelter:Access:ReaderRequestsPerSecond"] = "100000";
        builder.Configuration["Shelter:Access:ReaderBurst"] = "100000";
        builder.Configuration["Logging:LogLevel:Default"] = "Warning";
    });

    private static HttpClient Client(WebApplication app) => new()
    {
        BaseAddress = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First()),
        Timeout = TimeSpan.FromSeconds(60),
    };

    private static async Task<HttpResponseMessage> Send(HttpClient http, HttpMethod method, string path, string token, object? body = null)
    {
        using var request = new HttpRequestMessage(method, path) { Content = body is null ? null : JsonContent.Create(body, options: HostFixture.Json) };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return await http.SendAsync(request);
    }

    [Fact]
    public async Task Stopping_under_load_answers_every_tap_inside_and_loses_none()
    {
        var app = Build();
        await app.StartAsync();
        using var http = Client(app);
        Assert.True((await Send(http, HttpMethod.Post, "/api/v1/shelters", AdminToken, new OpenShelterRequest("drain", "避難所 drain", 100_000, "drain-city", null, AllowWalkIns: true))).IsSuccessStatusCode);
        var registered = await Send(http, HttpMethod.Post, "/api/v1/shelters/drain/readers", AdminToken, new RegisterReaderRequest("drain-reader"));
        var token = (await registered.Content.ReadFromJsonAsync<ReaderRegistrationResponse>(HostFixture.Json))!.Token;

        var accepted = 0;
        var timedOut = 0;
        var turnedAway = 0;
        var failed = 0;
        var next = 0;
        var enough = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var stop = new CancellationTokenSource();
        var senders = Enumerable.Range(0, 16).Select(async _ =>
        {
            while (!stop.IsCancellationRequested)
            {
                var card = Interlocked.Increment(ref next).ToString("x16", System.Globalization.CultureInfo.InvariantCulture);
                try
                {
                    using var response = await Send(http, HttpMethod.Post, ReaderProtocol.TapsPath, token,
                        new TapBatch([DevTaps.TemporaryCard(card, "drain-reader", "drain", "check-in", DateTimeOffset.UtcNow)]));
                    if (response.StatusCode == HttpStatusCode.ServiceUnavailable)
                    {
                        Interlocked.Increment(ref turnedAway);
                        continue;
                    }
                    var answer = (await response.Content.ReadFromJsonAsync<TapBatchAnswer>(ReaderProtocol.Json))!.Results.Single();
                    if (answer.Status == TapStatusCodes.Accepted && Interlocked.Increment(ref accepted) == 300)
                    {
                        enough.TrySetResult();
                    }
                    else if (answer.Reason == TapReasons.Unavailable)
                    {
                        Interlocked.Increment(ref timedOut);
                    }
                }
                catch (HttpRequestException)
                {
                    // The node no longer listens: a reader's connection is refused, and it tries another node.
                    Interlocked.Increment(ref failed);
                    await Task.Yield();
                }
            }
        }).ToArray();

        await enough.Task.WaitAsync(TimeSpan.FromSeconds(60));
        var watch = Stopwatch.StartNew();
        await app.StopAsync();
        var stopped = watch.Elapsed;
        await stop.CancelAsync();
        await Task.WhenAll(senders);
        await app.DisposeAsync();
        output.WriteLine($"stop took {stopped.TotalSeconds:0.0} s; accepted {accepted}, turned away {turnedAway}, refused after stop {failed}, waited out {timedOut}");
        Assert.Equal(0, timedOut);

        var again = Build();
        await again.StartAsync();
        using var http2 = Client(again);
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        int occupancy;
        while (true)
        {
            using var response = await Send(http2, HttpMethod.Get, "/api/v1/shelters/drain", AdminToken);
            occupancy = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("occupancy").GetInt32();
            if (occupancy == accepted || DateTime.UtcNow > deadline)
            {
                break;
            }
            await Task.Delay(100);
        }
        await again.StopAsync();
        await again.DisposeAsync();
        Assert.Equal(accepted, occupancy);
    }

    public void Dispose()
    {
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
