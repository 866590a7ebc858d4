namespace Shelter.Domain.Tests;

public sealed class MealPeriodTests
{
    private static readonly TimeZoneInfo Tokyo = ShelterTimeZone.Resolve("Asia/Tokyo");

    [Theory]
    [InlineData("2026-11-24T04:00:00+09:00", "2026-11-24/breakfast")]
    [InlineData("2026-11-24T10:29:59+09:00", "2026-11-24/breakfast")]
    [InlineData("2026-11-24T10:30:00+09:00", "2026-11-24/lunch")]
    [InlineData("2026-11-24T14:59:59+09:00", "2026-11-24/lunch")]
    [InlineData("2026-11-24T15:00:00+09:00", "2026-11-24/dinner")]
    [InlineData("2026-11-25T01:30:00+09:00", "2026-11-24/dinner")]
    [InlineData("2026-11-23T19:00:00Z", "2026-11-24/breakfast")]
    public void Periods_follow_the_shelters_local_day(string at, string expected)
    {
        Assert.Equal(expected, MealPeriod.Of(DateTimeOffset.Parse(at, System.Globalization.CultureInfo.InvariantCulture), Tokyo).Key);
    }

    [Fact]
    public void Keys_parse_back()
    {
        Assert.True(MealPeriod.TryParseKey("2026-11-24/lunch", out var period));
        Assert.Equal(new MealPeriod(new DateOnly(2026, 11, 24), MealKind.Lunch), period);
        Assert.False(MealPeriod.TryParseKey("2026-11-24/brunch", out _));
    }
}
