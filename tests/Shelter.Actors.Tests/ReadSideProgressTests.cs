using Akka.Actor;
using Akka.TestKit.Xunit2;
using Shelter.Actors;
using Shelter.Domain;

namespace Shelter.Actors.Tests;

/// <summary>A relay whose shelters do not answer shows in <see cref="ReadSideProgress"/> as busy without progress, and recovers when they do.</summary>
public sealed class ReadSideProgressTests
{
    [Fact]
    public async Task A_relay_whose_delivery_hangs_is_seen_holding_work_without_progress_and_clears_when_it_is_answered()
    {
        using var database = new TestDatabase();
        var options = database.Options(runRelay: false);
        await using var node = await TestNode.StartAsync(options, verifySerialization: false);
        await node.Scenario.Open("A");
        await node.Scenario.Tap("e1", "A", TapAction.CheckIn);

        using var kit = new TestKit(node.Node.System);
        var shelters = kit.CreateTestProbe();
        var settings = new ShelterRelay.RelaySettings(100, TimeSpan.FromMilliseconds(50), TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(1), 500);
        node.Node.System.ActorOf(ShelterRelay.Props(shelters.Ref, settings, ShelterPersistence.ReadJournalPluginId(options)), "stalled-relay");
        var progress = ReadSideProgress.Get(node.Node.System).For("relay");

        var delivery = shelters.ExpectMsg<ApplyFromEvacuees>(Scenario.Timeout);
        Assert.Equal("A", delivery.ShelterId);
        await Until(() => progress.Sample(DateTimeOffset.UtcNow) is { Running: true, Busy: true, WithoutProgress.TotalSeconds: >= 3 });
        var stalled = progress.Sample(DateTimeOffset.UtcNow);
        Assert.True(stalled.Lag >= stalled.WithoutProgress, "the oldest unfinished event is at least as old as the stall");

        shelters.Reply(new FromEvacueesApplied("A", delivery.Events.Max(e => e.SourceOffset)));
        await Until(() => progress.Sample(DateTimeOffset.UtcNow) is { Busy: false });
        Assert.True(progress.Sample(DateTimeOffset.UtcNow).Offset >= delivery.Events.Max(e => e.SourceOffset));
    }

    private static async Task Until(Func<bool> condition)
    {
        using var timeout = new CancellationTokenSource(Scenario.Timeout);
        while (!condition())
        {
            await Task.Delay(50, timeout.Token);
        }
    }
}
