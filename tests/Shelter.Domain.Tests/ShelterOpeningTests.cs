namespace Shelter.Domain.Tests;

public class ShelterOpeningTests
{
    private static readonly ShelterInfo School = new("s1", "川崎市立井田小学校", ShelterInfo.UnknownCapacity, "141305", "Asia/Tokyo");
    private static readonly DateTimeOffset Morning = new(2026, 12, 1, 6, 0, 0, TimeSpan.FromHours(9));

    [Fact]
    public void Opening_closing_and_reopening_keep_the_times_of_the_acts()
    {
        var state = new ShelterState();
        state.Apply(new ShelterOpened(School, Morning));
        state.Apply(new ShelterOpened(School with { Capacity = 300 }, Morning.AddHours(2)));

        Assert.Equal((true, Morning, 300), (state.IsOpen, state.OpenedAt!.Value, state.Info!.Capacity));

        state.Apply(new ShelterClosed(Morning.AddDays(3)));
        Assert.Equal((false, Morning.AddDays(3)), (state.IsOpen, state.ClosedAt!.Value));

        state.Apply(new ShelterOpened(School, Morning.AddDays(4)));
        Assert.Equal((true, Morning.AddDays(4), (DateTimeOffset?)null), (state.IsOpen, state.OpenedAt!.Value, state.ClosedAt));
    }

    [Fact]
    public void The_times_survive_a_snapshot()
    {
        var state = new ShelterState();
        state.Apply(new ShelterOpened(School, Morning));
        state.Apply(new ShelterClosed(Morning.AddDays(1)));

        var restored = ShelterState.FromSnapshot(state.ToSnapshot());

        Assert.Equal((false, Morning, Morning.AddDays(1)), (restored.IsOpen, restored.OpenedAt!.Value, restored.ClosedAt!.Value));
    }

    [Fact]
    public void Only_capacity_and_tap_policy_may_change_while_open()
    {
        Assert.True(School.IsAdjustedBy(School with { Capacity = 250 }));
        Assert.True(School.IsAdjustedBy(School with { AllowCertificateOnly = true, Capacity = 10 }));
        Assert.False(School.IsAdjustedBy(School));
        Assert.False(School.IsAdjustedBy(School with { Name = "別の学校" }));
        Assert.False(School.IsAdjustedBy(School with { TimeZone = "UTC" }));
    }

    [Fact]
    public void The_dashboard_shows_a_closed_shelter_as_closed_and_a_reopened_one_from_its_new_time()
    {
        var dashboard = new ShelterDashboard();
        dashboard.Apply(new ShelterOpened(School), Morning);
        dashboard.Apply(new ShelterClosed(Morning.AddDays(2)), Morning.AddDays(2));

        Assert.Equal((true, Morning, Morning.AddDays(2)), (dashboard.IsListed, dashboard.OpenedAt!.Value, dashboard.ClosedAt!.Value));

        dashboard.Apply(new ShelterOpened(School, Morning.AddDays(3)), Morning.AddDays(3).AddSeconds(1));
        Assert.Equal((Morning.AddDays(3), (DateTimeOffset?)null), (dashboard.OpenedAt!.Value, dashboard.ClosedAt));
        Assert.Null(ShelterDashboard.FromSnapshot(dashboard.ToSnapshot()).ClosedAt);
    }
}
