using Akka.Actor;
using Akka.Configuration;
using Akka.Persistence;
using Akka.Persistence.TestKit;
using Shelter.Actors;
using Shelter.Domain;
using Shelter.Protocol;

namespace Shelter.Actors.Tests;

/// <summary>
/// Faults injected with Akka.Persistence.TestKit: an evacuee whose write fails or is refused answers the tap
/// <c>unavailable</c> at once, not after the reader's timeout; one whose recovery fails stops instead of hanging, and
/// the next start recovers what was written.
/// </summary>
public sealed class EvacueeJournalFailureTests() : Akka.TestKit.Xunit2.TestKit(Config)
{
    /// <summary>Well below the host's tap timeout: an answer within it can only be the entity's own.</summary>
    private static readonly TimeSpan WellBeforeTheTapTimeout = TimeSpan.FromSeconds(3);

    private static Config Config => ConfigurationFactory.ParseString("""
        akka.persistence.journal.plugin = "akka.persistence.journal.test"
        akka.persistence.journal.test {
          class = "Akka.Persistence.TestKit.TestJournal, Akka.Persistence.TestKit"
          plugin-dispatcher = "akka.actor.default-dispatcher"
        }
        akka.persistence.snapshot-store.plugin = "akka.persistence.snapshot-store.test"
        akka.persistence.snapshot-store.test {
          class = "Akka.Persistence.TestKit.TestSnapshotStore, Akka.Persistence.TestKit"
          plugin-dispatcher = "akka.actor.default-dispatcher"
        }
        """);

    private ITestJournal Journal => Akka.Persistence.TestKit.TestJournal.FromRef(Akka.Persistence.Persistence.Instance.Apply(Sys).JournalFor(null));

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task A_failed_or_rejected_write_is_answered_unavailable_at_once_and_the_tap_counts_when_sent_again(bool fail)
    {
        var evacuee = Sys.ActorOf(EvacueeActor.Props("e1", snapshotEvery: 1000));
        var tap = Scenario.NewTap("A", TapAction.CheckIn);
        if (fail)
        {
            await Journal.OnWrite.Fail();
        }
        else
        {
            await Journal.OnWrite.Reject();
        }
        var answer = await evacuee.Ask<TapOutcome>(new ProcessTap("e1", tap), WellBeforeTheTapTimeout);
        Assert.Equal((TapStatus.Rejected, TapReasons.Unavailable), (answer.Status, answer.Code));
        Assert.Equal(tap.TapId, answer.TapId);

        await Journal.OnWrite.Pass();
        if (fail)
        {
            // A failed write stops the entity; sharding starts it again on the tap's next try.
            Watch(evacuee);
            ExpectTerminated(evacuee, WellBeforeTheTapTimeout);
            evacuee = Sys.ActorOf(EvacueeActor.Props("e1", snapshotEvery: 1000));
        }
        var again = await evacuee.Ask<TapOutcome>(new ProcessTap("e1", tap), WellBeforeTheTapTimeout);
        Assert.Equal((TapStatus.Accepted, Outcomes.CheckedIn), (again.Status, again.Code));
    }

    [Fact]
    public async Task An_evacuee_whose_recovery_fails_stops_and_the_next_start_recovers_what_was_written()
    {
        var evacuee = Sys.ActorOf(EvacueeActor.Props("e2", snapshotEvery: 1000));
        var checkIn = Scenario.NewTap("A", TapAction.CheckIn);
        Assert.Equal(TapStatus.Accepted, (await evacuee.Ask<TapOutcome>(new ProcessTap("e2", checkIn), WellBeforeTheTapTimeout)).Status);
        Watch(evacuee);
        evacuee.Tell(StopEntity.Instance);
        ExpectTerminated(evacuee, WellBeforeTheTapTimeout);

        // The journal cannot replay: the entity does not hang in recovery, it stops (sharding starts it on the next tap).
        await Journal.OnRecovery.Fail();
        var failing = Sys.ActorOf(EvacueeActor.Props("e2", snapshotEvery: 1000));
        Watch(failing);
        failing.Tell(new GetEvacuee("e2"));
        ExpectTerminated(failing, WellBeforeTheTapTimeout);

        await Journal.OnRecovery.Pass();
        var recovered = Sys.ActorOf(EvacueeActor.Props("e2", snapshotEvery: 1000));
        var again = await recovered.Ask<TapOutcome>(new ProcessTap("e2", checkIn), WellBeforeTheTapTimeout);
        Assert.Equal(TapStatus.Duplicate, again.Status);
        Assert.Equal("A", (await recovered.Ask<EvacueeStatus>(new GetEvacuee("e2"), WellBeforeTheTapTimeout)).CurrentShelterId);
    }
}
