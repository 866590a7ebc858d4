using System.Globalization;

namespace Shelter.Protocol;

/// <summary><c>occurredAt</c>: RFC 3339 in UTC with a <c>Z</c>, whole seconds or up to seven decimals.</summary>
public static class TapTime
{
    private static readonly string[] Formats = ["yyyy-MM-ddTHH:mm:ssZ", "yyyy-MM-ddTHH:mm:ss.FFFFFFFZ"];

    /// <summary>How readers written with this library send a time: whole seconds.</summary>
    public static string Format(DateTimeOffset at) => at.ToUniversalTime().ToString(Formats[0], CultureInfo.InvariantCulture);

    public static bool TryParse(string? text, out DateTimeOffset at) =>
        DateTimeOffset.TryParseExact(text, Formats, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out at);
}
