using System.Globalization;
using System.Text;
using Shelter.Station.Card;

namespace Shelter.Station.CardFace;

/// <summary>
/// Reads the four attributes from a My Number card's 券面事項入力補助AP: select the application, query and verify its
/// own 4-digit PIN (the same tries-left rules as the JPKI PIN, a VERIFY never resent by itself), then read file 0002.
/// The file is one <c>FF 20</c> template holding <c>DF 21</c> (an index of offsets, unused here), <c>DF 22</c> name,
/// <c>DF 23</c> address, <c>DF 24</c> birth date (YYYYMMDD) and <c>DF 25</c> sex, the texts in UTF-8.
/// </summary>
public sealed class CardFaceReader(ICardChannel channel)
{
    private const int MaxFileBytes = 2048;
    private readonly CardTransport _card = new(channel);

    /// <summary>Selects the application; a card (or phone) without it is <see cref="CardProblemKind.NotJpki"/>.</summary>
    public void Open()
    {
        var answer = _card.Send(Iso7816.SelectApplication(CardFaceCommands.Aid));
        if (!answer.IsSuccess)
        {
            throw new CardProblem(answer.StatusWord == 0x6A82 ? CardProblemKind.NotJpki : CardProblemKind.ReaderFault, answer.StatusWord);
        }
    }

    /// <summary>The card-face PIN's tries left (null: no limit, or already verified); blocked throws.</summary>
    public int? TriesLeft() => CardPin.TriesLeft(_card, CardFaceCommands.PinFile);

    public void Verify(ReadOnlySpan<char> pin) => CardPin.Verify(_card, CardFaceCommands.PinFile, pin);

    /// <summary>File 0002 read whole and parsed; anything a card would not hold there is a reader fault.</summary>
    public CardFaceAttributes ReadAttributes()
    {
        var select = _card.Send(Iso7816.SelectFile(CardFaceCommands.AttributesFile));
        if (!select.IsSuccess)
        {
            throw new CardProblem(CardProblemKind.ReaderFault, select.StatusWord);
        }
        return Parse(ReadFile()) ?? throw new CardProblem(CardProblemKind.ReaderFault, CardResponse.Success);
    }

    private byte[] ReadFile()
    {
        var content = new List<byte>();
        int? total = null;
        while (content.Count < (total ?? MaxFileBytes))
        {
            var want = Math.Min(256, (total ?? MaxFileBytes) - content.Count);
            var read = _card.Send(Iso7816.ReadBinary(content.Count, (byte)(want == 256 ? 0 : want)));
            if (read.StatusWord is 0x6B00 or 0x6282 && read.Data.Length == 0)
            {
                break;
            }
            if (read.StatusWord == 0x6982)
            {
                // The PIN was not verified (or the card forgot it): a fault of the order, never a reason to VERIFY again.
                throw new CardProblem(CardProblemKind.ReaderFault, read.StatusWord);
            }
            if (!read.IsSuccess || read.Data.Length == 0)
            {
                break;
            }
            content.AddRange(read.Data);
            total ??= TemplateLength(content);
        }
        return total is { } length && content.Count >= length ? [.. content.Take(length)] : throw new CardProblem(CardProblemKind.ReaderFault, CardResponse.Success);
    }

    /// <summary>The whole template's length from its <c>FF 20</c> header, or null when the header is not one.</summary>
    private static int? TemplateLength(List<byte> head)
    {
        if (head.Count < 3 || head[0] != 0xFF || head[1] != 0x20)
        {
            return null;
        }
        return Length([.. head.Take(6)], 2, out var headerEnd) is { } length && headerEnd + length <= MaxFileBytes ? headerEnd + length : null;
    }

    /// <summary>The attributes in a template as file 0002 holds it, or null when it is not well formed.</summary>
    public static CardFaceAttributes? Parse(ReadOnlySpan<byte> file)
    {
        if (file.Length < 3 || file[0] != 0xFF || file[1] != 0x20 || Length(file, 2, out var at) is not { } templateLength || at + templateLength > file.Length)
        {
            return null;
        }
        var end = at + templateLength;
        var fields = new Dictionary<byte, byte[]>();
        while (at < end)
        {
            if (at + 2 > end || file[at] != 0xDF || Length(file[..end], at + 2, out var valueAt) is not { } length || valueAt + length > end)
            {
                return null;
            }
            fields[file[at + 1]] = file.Slice(valueAt, length).ToArray();
            at = valueAt + length;
        }
        var strict = new UTF8Encoding(false, true);
        try
        {
            if (fields.GetValueOrDefault((byte)0x22) is not { Length: > 0 } name || fields.GetValueOrDefault((byte)0x23) is not { } address
                || fields.GetValueOrDefault((byte)0x24) is not { Length: 8 } birth || fields.GetValueOrDefault((byte)0x25) is not { Length: 1 } sex
                || !DateOnly.TryParseExact(Encoding.ASCII.GetString(birth), "yyyyMMdd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var born)
                || sex[0] is not ((byte)'1' or (byte)'2' or (byte)'3' or (byte)'9'))
            {
                return null;
            }
            return new CardFaceAttributes(strict.GetString(name).Trim(), strict.GetString(address).Trim(), born, ((char)sex[0]).ToString());
        }
        catch (DecoderFallbackException)
        {
            return null;
        }
    }

    /// <summary>A BER length at <paramref name="at"/> (one byte, or 81/82 and one or two bytes); <paramref name="valueAt"/> is where the value starts.</summary>
    private static int? Length(ReadOnlySpan<byte> data, int at, out int valueAt)
    {
        valueAt = at;
        if (at >= data.Length)
        {
            return null;
        }
        switch (data[at])
        {
            case < 0x80:
                valueAt = at + 1;
                return data[at];
            case 0x81 when at + 1 < data.Length:
                valueAt = at + 2;
                return data[at + 1];
            case 0x82 when at + 2 < data.Length:
                valueAt = at + 3;
                return (data[at + 1] << 8) | data[at + 2];
            default:
                return null;
        }
    }
}
