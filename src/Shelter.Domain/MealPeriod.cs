using System.Globalization;
using Shelter.Protocol;

namespace Shelter.Domain;

public enum MealKind
{
    [WireCode("breakfast")]
    Breakfast,

    [WireCode("lunch")]
    Lunch,

    [WireCode("dinner")]
    Dinner,
}

/// <summary>
/// One of the three meals of a shelter's local day. The day starts at 04:00 local time, so a late dinner at 01:00
/// still belongs to the evening before and does not use up the next breakfast. Breakfast runs to 10:30, lunch to 15:00.
/// </summary>
public readonly record struct MealPeriod(DateOnly Date, MealKind Kind)
{
    public static readonly TimeOnly DayStarts = new(4, 0);
    public static readonly TimeOnly LunchStarts = new(10, 30);
    public static readonly TimeOnly DinnerStarts = new(15, 0);

    /// <summary>Stable text form, e.g. <c>2026-11-24/lunch</c>: used in events and as a key.</summary>
    public string Key => string.Create(CultureInfo.InvariantCulture, $"{Date:yyyy-MM-dd}/{Kind.Code()}");

    public static MealPeriod Of(DateTimeOffset at, TimeZoneInfo zone)
    {
        var local = TimeZoneInfo.ConvertTime(at, zone).DateTime;
        var time = TimeOnly.FromDateTime(local);
        var date = DateOnly.FromDateTime(local);
        if (time < DayStarts)
        {
            return new MealPeriod(date.AddDays(-1), MealKind.Dinner);
        }
        return new MealPeriod(date, time < LunchStarts ? MealKind.Breakfast : time < DinnerStarts ? MealKind.Lunch : MealKind.Dinner);
    }

    /// <summary>The shelter's local day that <paramref name="at"/> falls in (days start at 04:00).</summary>
    public static DateOnly LocalDay(DateTimeOffset at, TimeZoneInfo zone) => Of(at, zone).Date;

    public static bool TryParseKey(string key, out MealPeriod period)
    {
        period = default;
        var parts = key.Split('/');
        if (parts.Length != 2 || !DateOnly.TryParseExact(parts[0], "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
        {
            return false;
        }
        if (!WireCodes.TryParse(parts[1], out MealKind kind))
        {
            return false;
        }
        period = new MealPeriod(date, kind);
        return true;
    }

    public override string ToString() => Key;
}
