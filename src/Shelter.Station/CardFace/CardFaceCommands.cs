namespace Shelter.Station.CardFace;

/// <summary>
/// The 券面事項入力補助AP (card-face input-assistance application) of a My Number card: its AID, the 4-digit PIN's
/// file and the file of the four attributes. Its file 0001 holds the My Number, which Shelter never selects: no
/// constant here names it.
/// </summary>
public static class CardFaceCommands
{
    public static readonly byte[] Aid = [0xD3, 0x92, 0x10, 0x00, 0x31, 0x00, 0x01, 0x01, 0x04, 0x08];

    /// <summary>The 4-digit 券面事項入力補助用暗証番号.</summary>
    public const ushort PinFile = 0x0011;

    /// <summary>The four attributes (基本4情報): name, address, birth date, sex.</summary>
    public const ushort AttributesFile = 0x0002;
}
