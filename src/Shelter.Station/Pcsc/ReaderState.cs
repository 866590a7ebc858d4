namespace Shelter.Station.Pcsc;

/// <summary>pcsc-lite's <c>SCARD_STATE_*</c> flags; the upper 16 bits of the event state carry an event counter.</summary>
[Flags]
public enum ReaderStatus : uint
{
    Unaware = 0,
    Ignore = 0x1,
    Changed = 0x2,
    Unknown = 0x4,
    Unavailable = 0x8,
    Empty = 0x10,
    Present = 0x20,
    AtrMatch = 0x40,
    Exclusive = 0x80,
    InUse = 0x100,
    Mute = 0x200,
    Unpowered = 0x400,
}

/// <summary>What a reader last said: its status, how many card events it has counted, and the card's ATR.</summary>
public sealed record ReaderState(string Reader, ReaderStatus Status, int EventCount, byte[] Atr)
{
    /// <summary>Known nothing of yet: the first wait answers at once with the reader's state.</summary>
    public static ReaderState Unaware(string reader) => new(reader, ReaderStatus.Unaware, 0, []);

    /// <summary>A card that answered its reset is in the field.</summary>
    public bool CardPresent => Status.HasFlag(ReaderStatus.Present) && !Status.HasFlag(ReaderStatus.Mute);

    internal nuint Current => (nuint)((uint)(Status & ~ReaderStatus.Changed) | ((uint)EventCount << 16));
}
