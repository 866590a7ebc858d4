namespace Shelter.Domain;

/// <summary>A point in decimal degrees (WGS 84 / JGD2011, which agree to well within a map's pixel).</summary>
public sealed record Location(double Latitude, double Longitude)
{
    /// <summary>Japan's extent with its remote islands: latitude 20–46, longitude 122–154.</summary>
    public static bool IsInJapan(double latitude, double longitude) => latitude is >= 20 and <= 46 && longitude is >= 122 and <= 154;
}
