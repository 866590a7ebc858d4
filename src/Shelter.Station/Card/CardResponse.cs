namespace Shelter.Station.Card;

/// <summary>A response APDU: its data and its status word (<c>SW1 SW2</c>, <c>0x9000</c> for success).</summary>
public readonly record struct CardResponse(byte[] Data, ushort StatusWord)
{
    public const ushort Success = 0x9000;

    public bool IsSuccess => StatusWord == Success;

    public byte Sw1 => (byte)(StatusWord >> 8);

    public byte Sw2 => (byte)StatusWord;

    public static CardResponse Parse(byte[] raw)
    {
        if (raw.Length < 2)
        {
            throw new CardRemovedException($"a response of {raw.Length} bytes has no status word");
        }
        return new CardResponse(raw[..^2], (ushort)((raw[^2] << 8) | raw[^1]));
    }

    public override string ToString() => $"{Data.Length} bytes, SW {StatusWord:X4}";
}
