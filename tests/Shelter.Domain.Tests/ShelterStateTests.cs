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

    [Fact]
    public void A_tally_is_what_applying_the_batch_makes_and_leaves_the_state_as_it_was()
    {
        var shelter = new ShelterState();
        shelter.Apply(new OccupantArrived("e1", true, null, At, 1));
        IFromEvacuee[] batch =
        [
            new OccupantArrived("e1", false, null, At, 2), // already present: only no longer provisional
            new OccupantArrived("e2", true, null, At.AddHours(1), 3),
            new OccupantLeft("e2", "B", At.AddHours(1), 4),
            new OccupantLeft("e3", null, At, 5), // never here
            new MealCounted("e1", "2026-11-24/lunch", false, At, 6),
            new MealCounted("e1", "2026-11-24/lunch", false, At, 7),
            new SupplyPickupCounted("e1", At, 8),
        ];
        var tally = shelter.TallyOf(batch);
        Assert.Equal((1, 1, 0L, 1L), (shelter.Occupancy, shelter.ProvisionalOccupants, shelter.Departures, shelter.LastSourceOffset));

        shelter.Apply(new FromEvacueesRecorded(batch, tally));
        Assert.Equal((shelter.Occupancy, shelter.ProvisionalOccupants, shelter.Arrivals, shelter.Departures, shelter.SupplyPickups, shelter.LastSourceOffset),
            (tally.Occupancy, tally.ProvisionalOccupants, tally.Arrivals, tally.Departures, tally.SupplyPickups, tally.LastSourceOffset));
        Assert.Equal((1, 0, 2L, 1L, 1L, 8L), (tally.Occupancy, tally.ProvisionalOccupants, tally.Arrivals, tally.Departures, tally.SupplyPickups, tally.LastSourceOffset));
        Assert.Equal(new Dictionary<string, int> { ["2026-11-24/lunch"] = 2 }, tally.Meals);
        Assert.Equal([new HourCount(At.AddHours(1), 1, 1)], tally.Hours);
    }

    [Fact]
    public void The_dashboard_counts_old_batches_from_their_events_and_forgets_everyone_at_the_first_tally()
    {
        var entity = new ShelterState();
        var dashboard = new ShelterDashboard();
        dashboard.Apply(new ShelterOpened(new ShelterInfo("s1", "避難所", 100, "wajima", "Asia/Tokyo")), At);
        IFromEvacuee[] old = [new OccupantArrived("e1", true, null, At, 1), new OccupantArrived("e2", false, null, At, 2)];
        entity.Apply(new FromEvacueesRecorded(old));
        dashboard.Apply(new FromEvacueesRecorded(old), At);
        Assert.True(dashboard.KnowsOccupants);
        Assert.Equal((2, 1), (dashboard.Occupancy, dashboard.ProvisionalOccupants));

        // Across a snapshot written before tallies existed (a state and no figures of its own).
        var figures = dashboard.ToSnapshot(withOccupants: true);
        var v1 = figures with { Info = null, Occupancy = 0, ProvisionalOccupants = 0, Arrivals = 0, State = figures.State! with { Info = figures.Info } };
        dashboard = ShelterDashboard.FromSnapshot(v1);
        Assert.Equal(("s1", 2, 2L), (dashboard.Info!.Id, dashboard.Occupancy, dashboard.Arrivals));

        IFromEvacuee[] next = [new OccupantLeft("e1", null, At.AddHours(2), 3), new OccupantArrived("e3", true, null, At.AddHours(2), 4)];
        var recorded = new FromEvacueesRecorded(next, entity.TallyOf(next));
        entity.Apply(recorded);
        dashboard.Apply(recorded, At);
        Assert.False(dashboard.KnowsOccupants);
        Assert.Null(dashboard.ToSnapshot(withOccupants: true).State);
        Assert.Equal((entity.Occupancy, entity.ProvisionalOccupants, entity.Arrivals, entity.Departures),
            (dashboard.Occupancy, dashboard.ProvisionalOccupants, dashboard.Arrivals, dashboard.Departures));
        Assert.Equal([(At, 2, 0), (At.AddHours(2), 1, 1)], dashboard.Trend.Select(t => (t.Key, t.Value.Arrivals, t.Value.Departures)));
    }
}
