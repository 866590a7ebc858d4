using Shelter.Protocol;

namespace Shelter.Domain;

/// <summary>What a shelter can run short of. Toilets and floor area are capacities, the rest are consumed or handed out.</summary>
public enum SupplyItem
{
    [WireCode("water-liters")]
    WaterLiters,

    [WireCode("meals")]
    Meals,

    [WireCode("blankets")]
    Blankets,

    [WireCode("toilets")]
    Toilets,

    [WireCode("infant-formula")]
    InfantFormula,

    [WireCode("diapers")]
    Diapers,

    [WireCode("care-kits")]
    CareKits,
}

/// <summary>
/// Rates per person (Sphere Handbook and Japanese guidance). Operators can change them in configuration. Infant and care
/// supplies need counts of infants and people needing care, which the desk records; until then those needs are zero.
/// </summary>
public sealed record SupplyRates
{
    public double WaterLitersPerPersonDay { get; init; } = 3;

    public double MealsPerPersonDay { get; init; } = 3;

    public double MealSafetyFactor { get; init; } = 1.2;

    public double BlanketsPerPerson { get; init; } = 2;

    public int PeoplePerToiletFirstDays { get; init; } = 50;

    public int PeoplePerToiletLater { get; init; } = 20;

    /// <summary>How long the "first days" toilet ratio applies after a shelter opens.</summary>
    public int FirstDays { get; init; } = 3;

    public double FloorAreaSquareMetersPerPerson { get; init; } = 3.5;

    public int HorizonDays { get; init; } = 3;

    public static IReadOnlyList<SupplyItem> Items { get; } = Enum.GetValues<SupplyItem>();
}

/// <summary>What a shelter reported it has of an item, and what is on its way.</summary>
public readonly record struct SupplyStock(long OnHand, long UnderWay)
{
    /// <summary>Stock keyed by wire code, as snapshots and answers carry it.</summary>
    public static Dictionary<string, SupplyStock> ByCode(IReadOnlyDictionary<SupplyItem, SupplyStock> stock) =>
        stock.ToDictionary(kv => kv.Key.Code(), kv => kv.Value);

    /// <summary>Stock keyed by item again; codes this version does not know are left out.</summary>
    public static Dictionary<SupplyItem, SupplyStock> ByItem(IReadOnlyDictionary<string, SupplyStock>? byCode)
    {
        var stock = new Dictionary<SupplyItem, SupplyStock>();
        foreach (var (code, onHand) in byCode ?? new Dictionary<string, SupplyStock>())
        {
            if (WireCodes.TryParse(code, out SupplyItem item))
            {
                stock[item] = onHand;
            }
        }
        return stock;
    }
}

/// <summary>One item's need over the horizon against what is there and coming.</summary>
public sealed record SupplyNeed(SupplyItem Item, long Needed, long OnHand, long UnderWay)
{
    public long Shortage => Math.Max(0, Needed - OnHand - UnderWay);
}

public static class SupplyNeeds
{
    /// <summary>Needs for <paramref name="occupancy"/> people over the horizon; <paramref name="daysOpen"/> picks the toilet ratio.</summary>
    public static IReadOnlyList<SupplyNeed> For(int occupancy, double daysOpen, SupplyRates rates, IReadOnlyDictionary<SupplyItem, SupplyStock> stock)
    {
        var perToilet = daysOpen < rates.FirstDays ? rates.PeoplePerToiletFirstDays : rates.PeoplePerToiletLater;
        long Need(SupplyItem item) => item switch
        {
            SupplyItem.WaterLiters => (long)Math.Ceiling(occupancy * rates.WaterLitersPerPersonDay * rates.HorizonDays),
            SupplyItem.Meals => (long)Math.Ceiling(occupancy * rates.MealsPerPersonDay * rates.MealSafetyFactor * rates.HorizonDays),
            SupplyItem.Blankets => (long)Math.Ceiling(occupancy * rates.BlanketsPerPerson),
            SupplyItem.Toilets => occupancy == 0 ? 0 : (long)Math.Ceiling(occupancy / (double)perToilet),
            _ => 0,
        };
        return [.. SupplyRates.Items.Select(item =>
        {
            var s = stock.TryGetValue(item, out var found) ? found : default;
            return new SupplyNeed(item, Need(item), s.OnHand, s.UnderWay);
        })];
    }
}

/// <summary>Supply items named as shelter staff name them, for reports people read.</summary>
public static class SupplyItemNames
{
    public static string Japanese(this SupplyItem item) => item switch
    {
        SupplyItem.WaterLiters => "飲料水（L）",
        SupplyItem.Meals => "食事（食）",
        SupplyItem.Blankets => "毛布",
        SupplyItem.Toilets => "トイレ",
        SupplyItem.InfantFormula => "粉ミルク",
        SupplyItem.Diapers => "おむつ",
        SupplyItem.CareKits => "介護用品",
        _ => item.Code(),
    };
}
