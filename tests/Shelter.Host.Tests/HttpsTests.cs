using System.Collections.Concurrent;
using System.Net;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;
using Shelter.Credentials.DevPki;
using Shelter.Host.Dashboard;
using Shelter.LoadSim;

namespace Shelter.Host.Tests;

/// <summary>The node over HTTPS, with a certificate from configuration (PEM files).</summary>
public sealed class HttpsHostFixture : HostFixture
{
    protected override bool Https => true;
}

/// <summary>HTTPS end to end: the load simulator and the SignalR client against an HTTPS node with a test certificate.</summary>
public sealed class HttpsTests(HttpsHostFixture host) : IClassFixture<HttpsHostFixture>
{
    [Fact]
    public async Task The_load_simulator_reconciles_and_the_dashboard_streams_over_https()
    {
        Assert.Equal("https", host.Http.BaseAddress!.Scheme);
        await using var connection = new HubConnectionBuilder()
            .WithUrl(new Uri(host.Http.BaseAddress!, DashboardHub.Path), options =>
            {
                options.AccessTokenProvider = () => Task.FromResult<string?>(host.ViewerToken);
                options.HttpMessageHandlerFactory = _ => host.Handler();
                options.WebSocketConfiguration = socket => socket.RemoteCertificateValidationCallback = TlsTrust.Only(TlsTrust.Load(host.TlsCertificateFile));
            })
            .AddJsonProtocol(json => json.PayloadSerializerOptions = HostFixture.Json)
            .Build();
        var updates = new ConcurrentQueue<DashboardView>();
        connection.On<DashboardView>("update", updates.Enqueue);
        await connection.StartAsync();
        await connection.InvokeAsync<DashboardView>("Watch", DashboardScopes.Municipality("tls-sim"));

        var options = new SimOptions
        {
            Urls = [host.Http.BaseAddress!],
            AdminToken = HostFixture.AdminToken,
            Shelters = 2,
            Readers = 4,
            Evacuees = 40,
            Duration = TimeSpan.FromSeconds(3),
            Rate = 80,
            Concurrency = 4,
            Municipality = "tls-sim",
            Progress = false,
            TlsRoot = host.TlsCertificateFile,
        };
        var log = new StringWriter();
        var summary = await Simulation.RunInMemory(options, host.Ca, log);
        Assert.True(summary.Accepted > 20, log.ToString());
        Assert.True(summary.Reconciliation.Clean, log.ToString());
        Assert.Equal(0, summary.Lost);

        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (!updates.Any(u => u.Shelters.Any(s => s.Municipality == "tls-sim" && s.Occupancy > 0)))
        {
            Assert.True(DateTime.UtcNow < deadline, "no dashboard update over HTTPS");
            await Task.Delay(50);
        }
    }

    [Fact]
    public async Task A_client_that_does_not_trust_the_certificate_is_refused_by_tls_not_answered()
    {
        using var stranger = new HttpClient { BaseAddress = host.Http.BaseAddress };
        await Assert.ThrowsAsync<HttpRequestException>(() => stranger.GetAsync("/ready"));
        using var trusted = await host.Http.GetAsync("/ready");
        Assert.Equal(HttpStatusCode.OK, trusted.StatusCode);
    }
}
