namespace Shelter.Domain;

/// <summary>What a volunteer set the reader to record.</summary>
public enum TapAction
{
    CheckIn,
    CheckOut,
    Meal,
    SupplyPickup,
}

public static class TapActions
{
    public static string Code(this TapAction action) => action switch
    {
        TapAction.CheckIn => "check-in",
        TapAction.CheckOut => "check-out",
        TapAction.Meal => "meal",
        TapAction.SupplyPickup => "supply-pickup",
        _ => throw new ArgumentOutOfRangeException(nameof(action), action, null),
    };

    public static bool TryParse(string? code, out TapAction action) => Codes.TryParse(code, Code, out action);
}
