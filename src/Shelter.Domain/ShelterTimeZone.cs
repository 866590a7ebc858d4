namespace Shelter.Domain;

/// <summary>Finds a shelter's time zone. Japan's zone has no daylight saving, so it survives a machine without tzdata.</summary>
public static class ShelterTimeZone
{
    public const string Default = "Asia/Tokyo";

    private static readonly TimeZoneInfo JapanFallback = TimeZoneInfo.CreateCustomTimeZone(Default, TimeSpan.FromHours(9), "Japan Standard Time", "JST");

    public static bool TryResolve(string? id, out TimeZoneInfo zone)
    {
        id ??= Default;
        if (TimeZoneInfo.TryFindSystemTimeZoneById(id, out var found))
        {
            zone = found;
            return true;
        }
        if (id == Default)
        {
            zone = JapanFallback;
            return true;
        }
        zone = TimeZoneInfo.Utc;
        return false;
    }

    public static TimeZoneInfo Resolve(string? id) =>
        TryResolve(id, out var zone) ? zone : throw new ArgumentException($"unknown time zone '{id}'", nameof(id));
}
