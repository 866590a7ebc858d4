using System.Net;
using System.Net.Http.Json;
using Shelter.Host.Api;
using Shelter.Protocol;

namespace Shelter.Host.Tests;

/// <summary>The desk puts a lost phone's credential on hold at run time and lifts it: taps are refused meanwhile, within seconds.</summary>
public sealed class HoldTests(HostFixture host) : IClassFixture<HostFixture>
{
    [Fact]
    public async Task A_held_credential_is_refused_until_the_hold_is_lifted()
    {
        var reader = await host.OpenWithReader("hold-a", "hold-reader");
        var desk = await host.Issue("desk", "desk at hold-a", shelterId: "hold-a");
        var elsewhere = await host.Issue("desk", "desk elsewhere", shelterId: "hold-elsewhere");
        using var phone = host.Ca.Issue();
        Assert.Equal(TapStatusCodes.Accepted, (await host.PostTaps(reader, host.Tap(phone, "hold-reader", "hold-a", "check-in"))).Single().Status);
        var evacueeId = (await host.EvacueeOf(phone)).EvacueeId;

        Assert.Equal(HttpStatusCode.NotFound, (await host.Send(HttpMethod.Put, $"/api/v1/evacuees/{evacueeId}/hold", elsewhere, new HoldRequest("lost"))).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await host.Send(HttpMethod.Put, $"/api/v1/evacuees/{evacueeId}/hold", desk, new HoldRequest(""))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await host.Send(HttpMethod.Put, $"/api/v1/evacuees/{evacueeId}/hold", desk, new HoldRequest("phone lost"))).StatusCode);

        var refused = await Eventually(async () => (await host.PostTaps(reader, host.Tap(phone, "hold-reader", "hold-a", "supply-pickup"))).Single(), a => a.Reason == "on-hold");
        Assert.Equal((TapStatusCodes.Rejected, "on-hold"), (refused.Status, refused.Reason));
        var hold = (await (await host.Send(HttpMethod.Get, $"/api/v1/evacuees/{evacueeId}/hold", desk)).Content.ReadFromJsonAsync<HoldView>(HostFixture.Json))!;
        Assert.Equal((true, "phone lost"), (hold.OnHold, hold.Reason));

        Assert.Equal(HttpStatusCode.OK, (await host.Send(HttpMethod.Delete, $"/api/v1/evacuees/{evacueeId}/hold", desk)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await host.Send(HttpMethod.Delete, $"/api/v1/evacuees/{evacueeId}/hold", desk)).StatusCode);
        var lifted = await Eventually(async () => (await host.PostTaps(reader, host.Tap(phone, "hold-reader", "hold-a", "supply-pickup"))).Single(),
            a => a.Status == TapStatusCodes.Accepted);
        Assert.Equal("supply-picked-up", lifted.Outcome);
    }

    /// <summary>A hold reaches the tap path when the node's follower next reads the store (each second): try until it has.</summary>
    private static async Task<TapAnswer> Eventually(Func<Task<TapAnswer>> tap, Func<TapAnswer, bool> done)
    {
        var deadline = DateTime.UtcNow.AddSeconds(15);
        while (true)
        {
            var answer = await tap();
            if (done(answer) || DateTime.UtcNow > deadline)
            {
                return answer;
            }
            await Task.Delay(200);
        }
    }
}
