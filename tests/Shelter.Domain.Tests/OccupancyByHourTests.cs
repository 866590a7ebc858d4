namespace Shelter.Domain.Tests;

public sealed class OccupancyByHourTests
{
    private static readonly DateTimeOffset At = new(2026, 11, 24, 3, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Occupancy_over_time_ends_at_the_occupancy_now_and_counts_a_late_tap_in_its_own_hour()
    {
        var entity = new ShelterState();
        var dashboard = new ShelterDashboard();
        dashboard.Apply(new ShelterOpened(new ShelterInfo("s1", "避難所", 100, "wajima", "Asia/Tokyo")), At);
        void Record(params IFromEvacuee[] events)
        {
            var recorded = new FromEvacueesRecorded(events, entity.TallyOf(events));
            entity.Apply(recorded);
            dashboard.Apply(recorded, At);
        }

        Record(new OccupantArrived("e1", false, null, At.AddMinutes(5), 1), new OccupantArrived("e2", false, null, At.AddMinutes(10), 2),
            new OccupantArrived("e3", true, null, At.AddMinutes(20), 3));
        Record(new OccupantLeft("e1", null, At.AddHours(2).AddMinutes(1), 4), new OccupantArrived("e4", false, null, At.AddHours(2).AddMinutes(2), 5));
        // An offline reader's check-out, sent hours after it happened, belongs to the hour it happened in.
        Record(new OccupantLeft("e2", null, At.AddHours(1).AddMinutes(30), 6));

        Assert.Equal(2, dashboard.Occupancy);
        Assert.Equal([(At, 3), (At.AddHours(1), 2), (At.AddHours(2), 2)], dashboard.OccupancyByHour());
    }

    [Fact]
    public void A_shelter_without_arrivals_has_no_history()
    {
        var dashboard = new ShelterDashboard();
        dashboard.Apply(new ShelterOpened(new ShelterInfo("s1", "避難所", 100, "wajima", "Asia/Tokyo")), At);
        Assert.Empty(dashboard.OccupancyByHour());
    }
}
