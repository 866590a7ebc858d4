using Shelter.Domain;
using Shelter.Protocol;

namespace Shelter.Host.Reports;

/// <summary>
/// One shelter's 避難所日報 for one local day (days start at 04:00, as meal days do). <see cref="HeadCount"/> is the
/// people present at the end of the day (now, for today); households and special-needs counts are null until the desk
/// records them; shortages are listed for today only, as they stand now.
/// </summary>
public sealed record DailyReportRow(
    string Date,
    string ShelterId,
    string ShelterName,
    string Municipality,
    string Status,
    int HeadCount,
    int? Households,
    int Arrivals,
    int Departures,
    int Breakfast,
    int Lunch,
    int Dinner,
    int? SpecialNeeds,
    string[] Shortages);

public static class DailyReports
{
    public static DailyReportRow Build(DashboardSnapshot figures, DateOnly day, SupplyRates rates, DateTimeOffset now)
    {
        var dashboard = ShelterDashboard.FromSnapshot(figures);
        var info = dashboard.Info!;
        var zone = ShelterTimeZone.Resolve(info.TimeZone);
        var today = MealPeriod.LocalDay(now, zone);
        var on = dashboard.Days.GetValueOrDefault(day);
        var later = dashboard.Days.Where(d => d.Key > day).ToList();
        var headCount = dashboard.Occupancy - later.Sum(d => d.Value.Arrivals) + later.Sum(d => d.Value.Departures);
        int Meals(MealKind kind) => dashboard.MealsByPeriod.GetValueOrDefault(new MealPeriod(day, kind).Key);
        var shortages = day == today
            ? dashboard.Needs(rates, now).Where(n => n.Shortage > 0).Select(n => $"{n.Item.Japanese()} {n.Shortage}").ToArray()
            : [];
        var status = dashboard.ClosedAt is { } closed && MealPeriod.LocalDay(closed, zone) <= day ? "閉鎖" : "開設";
        return new DailyReportRow(day.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture), info.Id, info.Name, info.Municipality, status,
            Math.Max(0, headCount), null, on.Arrivals, on.Departures, Meals(MealKind.Breakfast), Meals(MealKind.Lunch), Meals(MealKind.Dinner), null, shortages);
    }
}
