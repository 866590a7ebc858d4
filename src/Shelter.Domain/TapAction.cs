using Shelter.Protocol;

namespace Shelter.Domain;

/// <summary>What a volunteer set the reader to record.</summary>
public enum TapAction
{
    [WireCode("check-in")]
    CheckIn,

    [WireCode("check-out")]
    CheckOut,

    [WireCode("meal")]
    Meal,

    [WireCode("supply-pickup")]
    SupplyPickup,
}
