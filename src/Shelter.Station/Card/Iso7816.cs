namespace Shelter.Station.Card;

/// <summary>The ISO 7816-4 commands every application on a My Number card answers: SELECT, READ BINARY, VERIFY.</summary>
public static class Iso7816
{
    /// <summary>SELECT of an application by its AID.</summary>
    public static byte[] SelectApplication(ReadOnlySpan<byte> aid) => [0x00, 0xA4, 0x04, 0x0C, (byte)aid.Length, .. aid];

    /// <summary>SELECT of an elementary file by its ID in the selected application.</summary>
    public static byte[] SelectFile(ushort file) => [0x00, 0xA4, 0x02, 0x0C, 0x02, (byte)(file >> 8), (byte)file];

    /// <summary>READ BINARY at a 15-bit offset; <paramref name="length"/> 0 asks for up to 256 bytes.</summary>
    public static byte[] ReadBinary(int offset, byte length) =>
        offset is < 0 or > 0x7FFF ? throw new ArgumentOutOfRangeException(nameof(offset)) : [0x00, 0xB0, (byte)(offset >> 8), (byte)offset, length];

    /// <summary>VERIFY with no data: answers the tries left (<c>63 Cx</c>) without using one.</summary>
    public static byte[] TriesLeft() => [0x00, 0x20, 0x00, 0x80];

    /// <summary>VERIFY with the 4-digit PIN, as ASCII. Never logged.</summary>
    public static byte[] Verify(ReadOnlySpan<char> pin)
    {
        if (pin.Length != 4 || !pin.ToString().All(char.IsAsciiDigit))
        {
            throw new ArgumentException("the PIN is 4 digits", nameof(pin));
        }
        return [0x00, 0x20, 0x00, 0x80, 0x04, (byte)pin[0], (byte)pin[1], (byte)pin[2], (byte)pin[3]];
    }
}
