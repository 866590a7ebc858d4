using System.Text;
using Shelter.Credentials.DevPki;
using Shelter.Station.Card;
using Shelter.Station.CardFace;
using Shelter.Station.Jpki;

namespace Shelter.Station.Demo;

/// <summary>
/// A JPKI token in memory, answering the APDUs a card or phone answers: the application, its label, the certificate,
/// the PIN with its tries, and the signature. <see cref="T0"/> makes it answer as a reader in T=0 passes it on: long
/// reads as <c>61 xx</c> (fetched with GET RESPONSE) and a READ BINARY without Le as <c>6C xx</c>. A card given
/// <see cref="CardFace"/> also carries the 券面事項入力補助AP, with its own PIN and tries, the four attributes in file
/// 0002 and a stand-in My Number in file 0001 (so a test can see that nothing selects it).
/// </summary>
public sealed class VirtualJpki(DevCredential credential, string label, string pin = "1234") : ICardChannel
{
    /// <summary>The ATR a PC/SC reader reports for a My Number card.</summary>
    public static readonly byte[] MyNumberAtr = Convert.FromHexString("3B888001004B51FFB381D1000F");

    public const string Card = "JPKIAPICCTOKEN2";
    public const string Android = "JPKIAPGPSETOKEN";
    public const string Iphone = "JPKIAPIOSTOKEN";

    /// <summary>The stand-in My Number file 0001 of the card-face application holds: test data, never a real number.</summary>
    public const string StandInMyNumber = "000000000000";

    private enum Application
    {
        None,
        Jpki,
        CardFace,
    }

    private readonly string _pin = pin;
    private Application _application;
    private ushort _file;
    private bool _verified;
    private bool _cardFaceVerified;
    private byte[] _pending = [];

    public int Tries { get; set; } = 3;

    /// <summary>The four attributes of the card-face application; null for a token without it (a phone).</summary>
    public CardFaceAttributes? CardFace { get; init; }

    /// <summary>The card-face application's 4-digit PIN.</summary>
    public string CardFacePin { get; init; } = pin;

    public int CardFaceTries { get; set; } = 3;

    public bool T0 { get; init; }

    /// <summary>The card is taken away while it signs: the transmit fails as PC/SC's does.</summary>
    public bool RemovedWhileSigning { get; init; }

    /// <summary>Serve these certificate bytes instead of the credential's (a genuine card's certificate, whose key we do not have).</summary>
    public byte[]? Certificate { get; init; }

    /// <summary>Flip a bit of each signature, as a bad read on the way back would.</summary>
    public bool Garbled { get; init; }

    /// <summary>Every command received, so a test can check the order of the flow; a VERIFY's PIN is blanked.</summary>
    public List<string> Commands { get; } = [];

    private bool IsIphone => label == Iphone;

    public byte[] Transmit(byte[] command)
    {
        Commands.Add(command is [0x00, 0x20, _, _, 0x04, ..] ? "VERIFY ****" : Convert.ToHexString(command));
        return command switch
        {
            [0x00, 0xA4, 0x04, 0x0C, _, .. var aid] => SelectApplication(aid),
            [0x00, 0xA4, 0x02, 0x0C, 0x02, var hi, var lo] => SelectFile((ushort)((hi << 8) | lo)),
            [0x00, 0xB0, _, _] => Sw(0x6C, (byte)Math.Min(255, Content().Length)),
            [0x00, 0xB0, var hi, var lo, var le] => Read((hi << 8) | lo, le == 0 ? 256 : le),
            [0x00, 0xC0, 0x00, 0x00, var le] => Pending(le),
            [0x00, 0x20, 0x00, 0x80] => TriesAnswer(),
            [0x00, 0x20, 0x00, 0x80, 0x04, .. var digits] => Verify(Encoding.ASCII.GetString(digits)),
            [0x80, 0x2A, 0x00, 0x80, _, .. var rest] => Sign(rest[..^1]),
            [0x80, 0xFC, 0x00, 0x00] => IsIphone ? Sw(0x90, 0x00) : Sw(0x67, 0x00),
            _ => Sw(0x6D, 0x00),
        };
    }

    private byte[] SelectApplication(byte[] aid)
    {
        _application = aid.SequenceEqual(JpkiCommands.Aid) ? Application.Jpki
            : aid.SequenceEqual(CardFaceCommands.Aid) && CardFace is not null ? Application.CardFace
            : Application.None;
        _file = 0;
        return _application == Application.None ? Sw(0x6A, 0x82) : Sw(0x90, 0x00);
    }

    private byte[] SelectFile(ushort file)
    {
        var known = _application switch
        {
            Application.Jpki => file is JpkiCommands.TokenLabelFile or JpkiCommands.CertificateFile or JpkiCommands.SigningKeyFile or JpkiCommands.PinFile,
            Application.CardFace => file is CardFaceCommands.PinFile or CardFaceCommands.AttributesFile or MyNumberFile,
            _ => false,
        };
        if (!known)
        {
            return Sw(0x6A, 0x82);
        }
        _file = file;
        return Sw(0x90, 0x00);
    }

    private const ushort MyNumberFile = 0x0001;

    private byte[] Content() => (_application, _file) switch
    {
        (Application.Jpki, JpkiCommands.TokenLabelFile) => Encoding.ASCII.GetBytes(label.PadRight(32)),
        (Application.Jpki, JpkiCommands.CertificateFile) => Certificate ?? credential.CertificateDer,
        (Application.CardFace, CardFaceCommands.AttributesFile) => Encode(CardFace!),
        (Application.CardFace, MyNumberFile) => Encoding.ASCII.GetBytes(StandInMyNumber),
        _ => [],
    };

    /// <summary>The four attributes as file 0002 holds them: an <c>FF 20</c> template of <c>DF 21</c>…<c>DF 25</c>.</summary>
    public static byte[] Encode(CardFaceAttributes attributes)
    {
        byte[][] fields =
        [
            Field(0x21, new byte[16]),
            Field(0x22, Encoding.UTF8.GetBytes(attributes.Name)),
            Field(0x23, Encoding.UTF8.GetBytes(attributes.Address)),
            Field(0x24, Encoding.ASCII.GetBytes(attributes.BirthDate.ToString("yyyyMMdd", System.Globalization.CultureInfo.InvariantCulture))),
            Field(0x25, Encoding.ASCII.GetBytes(attributes.Sex)),
        ];
        byte[] body = [.. fields.SelectMany(f => f)];
        return [0xFF, 0x20, .. Length(body.Length), .. body];

        static byte[] Field(byte tag, byte[] value) => [0xDF, tag, .. Length(value.Length), .. value];

        static byte[] Length(int length) => length switch
        {
            < 0x80 => [(byte)length],
            < 0x100 => [0x81, (byte)length],
            _ => [0x82, (byte)(length >> 8), (byte)length],
        };
    }

    private byte[] Read(int offset, int length)
    {
        if (_application == Application.CardFace && _file != CardFaceCommands.PinFile && !_cardFaceVerified)
        {
            return Sw(0x69, 0x82);
        }
        // A phone's certificate (Android) is readable only after VERIFY.
        if (_file == JpkiCommands.CertificateFile && label == Android && !_verified)
        {
            return Sw(0x69, 0x82);
        }
        var content = Content();
        if (offset >= content.Length)
        {
            return Sw(0x6B, 0x00);
        }
        var slice = content[offset..Math.Min(content.Length, offset + length)];
        if (T0 && slice.Length > 64)
        {
            _pending = slice;
            return Sw(0x61, (byte)slice.Length);
        }
        return [.. slice, 0x90, 0x00];
    }

    private byte[] Pending(int length)
    {
        var part = _pending[..Math.Min(length == 0 ? 256 : length, _pending.Length)];
        _pending = _pending[part.Length..];
        return [.. part, 0x90, 0x00];
    }

    private bool OnCardFacePin => _application == Application.CardFace && _file == CardFaceCommands.PinFile;

    private byte[] TriesAnswer()
    {
        if (OnCardFacePin)
        {
            return CardFaceTries == 0 ? Sw(0x63, 0xC0) : _cardFaceVerified ? Sw(0x90, 0x00) : Sw(0x63, (byte)(0xC0 | CardFaceTries));
        }
        return _application != Application.Jpki || _file != JpkiCommands.PinFile ? Sw(0x69, 0x86)
            : Tries == 0 ? Sw(0x63, 0xC0) : _verified ? Sw(0x90, 0x00) : Sw(0x63, (byte)(0xC0 | Tries));
    }

    private byte[] Verify(string typed)
    {
        if (OnCardFacePin)
        {
            var (tries, verified, answer) = Check(typed, CardFacePin, CardFaceTries);
            (CardFaceTries, _cardFaceVerified) = (tries, verified);
            return answer;
        }
        if (_application != Application.Jpki || _file != JpkiCommands.PinFile)
        {
            return Sw(0x69, 0x86);
        }
        var (left, ok, said) = Check(typed, _pin, Tries);
        (Tries, _verified) = (left, ok || _verified);
        return said;
    }

    private static (int Tries, bool Verified, byte[] Answer) Check(string typed, string expected, int tries)
    {
        if (tries == 0)
        {
            return (0, false, Sw(0x69, 0x83));
        }
        if (typed == expected)
        {
            return (3, true, Sw(0x90, 0x00));
        }
        return (tries - 1, false, Sw(0x63, (byte)(0xC0 | (tries - 1))));
    }

    private byte[] Sign(byte[] digestInfo)
    {
        var elliptic = credential.KeyKind == DevKeyKind.EcdsaP384;
        if (_file != JpkiCommands.SigningKeyFile || !(_verified || IsIphone) || digestInfo.Length != (elliptic ? 48 : 51))
        {
            return Sw(0x69, 0x82);
        }
        if (RemovedWhileSigning)
        {
            throw new CardRemovedException("the card left the field during the signature");
        }
        var signature = elliptic ? credential.SignSha384Hash(digestInfo) : credential.SignSha256Hash(digestInfo[^32..]);
        if (Garbled)
        {
            signature[^1] ^= 0x01;
        }
        return [.. signature, 0x90, 0x00];
    }

    private static byte[] Sw(byte sw1, byte sw2) => [sw1, sw2];
}
