namespace Shelter.Domain.Tests;

public sealed class ShelterStateTests
{
    private static readonly DateTimeOffset At = new(2026, 11, 24, 3, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Occupancy_is_a_set_and_repeated_arrivals_do_not_count_twice()
    {
        var shelter = new ShelterState();
        shelter.Apply(new OccupantArrived("e1", true, null, At, 1));
        shelter.Apply(new OccupantArrived("e1", true, null, At, 2));
        shelter.Apply(new OccupantArrived("e2", false, null, At, 3));
        Assert.Equal(2, shelter.Occupancy);
        Assert.Equal(1, shelter.ProvisionalOccupants);
        Assert.Equal(2, shelter.Arrivals);

        shelter.Apply(new OccupantLeft("e1", "B", At, 4));
        shelter.Apply(new OccupantLeft("e1", "B", At, 5));
        Assert.Equal(1, shelter.Occupancy);
        Assert.Equal(0, shelter.ProvisionalOccupants);
        Assert.Equal(1, shelter.Departures);
        Assert.Equal(5, shelter.LastSourceOffset);
    }

    [Fact]
    public void Applied_offsets_are_not_new()
    {
        var shelter = new ShelterState();
        shelter.Apply(new MealCounted("e1", "2026-11-24/lunch", true, At, 10));
        Assert.False(shelter.IsNew(new MealCounted("e1", "2026-11-24/lunch", true, At, 10)));
        Assert.True(shelter.IsNew(new MealCounted("e2", "2026-11-24/lunch", true, At, 11)));
    }

    [Fact]
    public void Snapshot_round_trip()
    {
        var shelter = new ShelterState();
        shelter.Apply(new ShelterOpened(new ShelterInfo("s1", "避難所", 100, "wajima", "Asia/Tokyo")));
        shelter.Apply(new OccupantArrived("e1", true, null, At, 1));
        shelter.Apply(new MealCounted("e1", "2026-11-24/lunch", true, At, 2));
        var copy = ShelterState.FromSnapshot(shelter.ToSnapshot());
        Assert.Equal(1, copy.Occupancy);
        Assert.Equal(1, copy.ProvisionalOccupants);
        Assert.Equal(1, copy.MealsByPeriod["2026-11-24/lunch"]);
        Assert.Equal("避難所", copy.Info!.Name);
        Assert.Equal(2, copy.LastSourceOffset);
    }
}
