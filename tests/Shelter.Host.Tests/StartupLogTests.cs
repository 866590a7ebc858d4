using System.Net;

namespace Shelter.Host.Tests;

/// <summary>A healthy start says nothing alarming: a newcomer reads every warning as a failure.</summary>
public sealed class StartupLogTests(HostFixture host) : IClassFixture<HostFixture>
{
    [Fact]
    public async Task A_healthy_start_logs_no_warning()
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while ((await host.Send(HttpMethod.Get, "/ready", null)).StatusCode != HttpStatusCode.OK)
        {
            Assert.True(DateTime.UtcNow < deadline, "the node never became ready");
            await Task.Delay(100);
        }
        // The dashboard has its first answer from the projection singleton, through the proxy.
        Assert.Equal(HttpStatusCode.OK, (await host.Send(HttpMethod.Get, "/api/v1/dashboard?scope=all", host.ViewerToken)).StatusCode);
        Assert.Empty(host.Log.Warnings);
    }
}
