namespace Shelter.Domain.Tests;

/// <summary>The roll call lists who is checked in here but has not been seen (arrival, meal, pickup) for a while.</summary>
public sealed class RollCallTests
{
    private static readonly DateTimeOffset Morning = new(2026, 11, 24, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Those_quiet_longest_come_first_and_those_who_left_are_not_called()
    {
        var shelter = new ShelterState();
        shelter.Apply(new FromEvacueesRecorded(
        [
            new OccupantArrived("quiet", false, null, Morning, 1),
            new OccupantArrived("ate", true, null, Morning.AddHours(1), 2),
            new OccupantArrived("left", false, null, Morning, 3),
            new MealCounted("ate", "2026-11-24/lunch", true, Morning.AddHours(6), 4),
            new OccupantLeft("left", null, Morning.AddHours(2), 5),
            new MealCounted("stranger", "2026-11-24/lunch", true, Morning.AddHours(6), 6),
        ]));
        shelter.Apply(new OccupantArrived("late", false, null, Morning.AddHours(3), 7));

        Assert.Equal(["quiet", "late"], shelter.RollCall(Morning.AddHours(5), 10).Select(o => o.EvacueeId));
        Assert.Equal(["quiet", "late", "ate"], shelter.RollCall(Morning.AddHours(7), 10).Select(o => o.EvacueeId));
        Assert.Equal(["quiet"], shelter.RollCall(Morning.AddHours(7), 1).Select(o => o.EvacueeId));

        var restored = ShelterState.FromSnapshot(shelter.ToSnapshot());
        Assert.Equal(shelter.RollCall(Morning.AddHours(7), 10), restored.RollCall(Morning.AddHours(7), 10));
        Assert.Equal(Morning.AddHours(6), restored.RollCall(Morning.AddHours(7), 10).Single(o => o.EvacueeId == "ate").LastSeen);
    }
}
