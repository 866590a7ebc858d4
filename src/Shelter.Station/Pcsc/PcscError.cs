namespace Shelter.Station.Pcsc;

/// <summary>The pcsc-lite return codes the station tells apart; the low 32 bits of the 64-bit <c>LONG</c>.</summary>
public enum PcscError : uint
{
    Success = 0,
    Cancelled = 0x80100002,
    InvalidHandle = 0x80100003,
    InsufficientBuffer = 0x80100008,
    UnknownReader = 0x80100009,
    Timeout = 0x8010000A,
    SharingViolation = 0x8010000B,
    NoSmartcard = 0x8010000C,
    ProtocolMismatch = 0x8010000F,
    NotTransacted = 0x80100016,
    ReaderUnavailable = 0x80100017,
    NoService = 0x8010001D,
    ServiceStopped = 0x8010001E,
    NoReadersAvailable = 0x8010002E,
    UnresponsiveCard = 0x80100066,
    UnpoweredCard = 0x80100067,
    ResetCard = 0x80100068,
    RemovedCard = 0x80100069,
}

/// <summary>A PC/SC call that failed, with the call and the code's name (hex when the station does not know it).</summary>
public sealed class PcscException(string call, PcscError error)
    : Exception($"{call} failed: {(Enum.IsDefined(error) ? error.ToString() : $"0x{(uint)error:X8}")}")
{
    public PcscError Error { get; } = error;

    /// <summary>The card went away or was reset under the call: the volunteer asks for it to be held again.</summary>
    public bool CardGone => Error is PcscError.RemovedCard or PcscError.ResetCard or PcscError.NoSmartcard or PcscError.UnpoweredCard or PcscError.UnresponsiveCard;

    internal static PcscError Of(nint result) => (PcscError)(uint)(result & 0xFFFFFFFF);

    internal static void Check(string call, nint result)
    {
        var error = Of(result);
        if (error != PcscError.Success)
        {
            throw new PcscException(call, error);
        }
    }
}
