using System.Net;
using System.Text.Json;
using Akka.Actor;
using Microsoft.Extensions.DependencyInjection;
using Shelter.Actors;

namespace Shelter.Host.Tests;

/// <summary>
/// A read-side part that holds work and makes no progress shows in <c>/health</c> within 5 s, while <c>/ready</c>
/// stays green. The part here is reported through the same <see cref="ReadSideProgress"/> the relay and projection
/// report through (a relay really stalled is in Shelter.Actors.Tests' ReadSideProgressTests).
/// </summary>
public sealed class ReadSideHealthTests(HostFixture host) : IClassFixture<HostFixture>
{
    [Fact]
    public async Task A_stalled_part_shows_in_health_detail_and_never_in_ready()
    {
        Assert.Equal(HttpStatusCode.OK, (await host.Send(HttpMethod.Get, "/ready", null)).StatusCode);
        var part = ReadSideProgress.Get(host.Services.GetRequiredService<ActorSystem>()).For("stall-probe");
        part.Running(true);
        part.Working(10, DateTimeOffset.UtcNow);

        var deadline = DateTimeOffset.UtcNow.AddSeconds(5);
        JsonElement readSide;
        while (true)
        {
            readSide = await ReadSide();
            if (readSide.GetProperty("status").GetString() == "Degraded" || DateTimeOffset.UtcNow > deadline)
            {
                break;
            }
            await Task.Delay(250);
        }
        Assert.Equal("Degraded", readSide.GetProperty("status").GetString());
        Assert.Equal("stall-probe is stalled", readSide.GetProperty("description").GetString());
        Assert.StartsWith("stalled: holds unfinished events", readSide.GetProperty("data").GetProperty("stall-probe").GetString());
        Assert.StartsWith("healthy", readSide.GetProperty("data").GetProperty("relay").GetString());
        Assert.Equal(HttpStatusCode.OK, (await host.Send(HttpMethod.Get, "/ready", null)).StatusCode);
        while (!host.Log.Warnings.Any(w => w.Contains("Read side stall-probe is Stalled", StringComparison.Ordinal)) && DateTimeOffset.UtcNow < deadline)
        {
            await Task.Delay(100);
        }
        Assert.Contains(host.Log.Warnings, w => w.Contains("Read side stall-probe is Stalled", StringComparison.Ordinal));

        part.Done(10);
        Assert.Equal("Healthy", (await ReadSide()).GetProperty("status").GetString());
    }

    private async Task<JsonElement> ReadSide()
    {
        using var detail = JsonDocument.Parse(await (await host.Send(HttpMethod.Get, "/health", null)).Content.ReadAsStringAsync());
        return detail.RootElement.GetProperty("checks").GetProperty("read-side").Clone();
    }
}
