namespace Shelter.Domain;

/// <summary>
/// How full a shelter is, in L-Alert's four words: 空き below 80 % of capacity, 混雑 from 80 %, 定員一杯 at 100 %, 不明
/// when the capacity is not known. The same thresholds raise the dashboard's capacity alerts.
/// </summary>
public enum Crowding
{
    Unknown,
    Vacant,
    Crowded,
    Full,
}

public static class Crowdings
{
    public const double CrowdedFrom = 0.8;

    public static Crowding Of(int occupancy, int capacity) => capacity <= 0 ? Crowding.Unknown
        : occupancy >= capacity ? Crowding.Full
        : occupancy >= CrowdedFrom * capacity ? Crowding.Crowded
        : Crowding.Vacant;

    /// <summary>The word L-Alert's 避難所情報 uses.</summary>
    public static string Japanese(this Crowding crowding) => crowding switch
    {
        Crowding.Vacant => "空き",
        Crowding.Crowded => "混雑",
        Crowding.Full => "定員一杯",
        _ => "不明",
    };

    /// <summary>The wire code: <c>vacant</c>, <c>crowded</c>, <c>full</c>, <c>unknown</c>.</summary>
    public static string Code(this Crowding crowding) => crowding.ToString().ToLowerInvariant();
}
