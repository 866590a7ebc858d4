using System.Text;
using Shelter.Credentials.DevPki;
using Shelter.Station.Card;
using Shelter.Station.Jpki;

namespace Shelter.Station.Demo;

/// <summary>
/// A JPKI token in memory, answering the APDUs a card or phone answers: the application, its label, the certificate,
/// the PIN with its tries, and the signature. <see cref="T0"/> makes it answer as a reader in T=0 passes it on: long
/// reads as <c>61 xx</c> (fetched with GET RESPONSE) and a READ BINARY without Le as <c>6C xx</c>.
/// </summary>
public sealed class VirtualJpki(DevCredential credential, string label, string pin = "1234") : ICardChannel
{
    /// <summary>The ATR a PC/SC reader reports for a My Number card.</summary>
    public static readonly byte[] MyNumberAtr = Convert.FromHexString("3B888001004B51FFB381D1000F");

    public const string Card = "JPKIAPICCTOKEN2";
    public const string Android = "JPKIAPGPSETOKEN";
    public const string Iphone = "JPKIAPIOSTOKEN";

    private bool _selected;
    private ushort _file;
    private bool _verified;
    private byte[] _pending = [];

    public int Tries { get; set; } = 3;

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
            [0x00, 0xA4, 0x04, 0x0C, _, .. var aid] => Answer(aid.SequenceEqual(JpkiCommands.Aid) ? Select() : null),
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

    private bool Select()
    {
        _selected = true;
        return true;
    }

    private byte[] SelectFile(ushort file)
    {
        if (!_selected || file is not (JpkiCommands.TokenLabelFile or JpkiCommands.CertificateFile or JpkiCommands.SigningKeyFile or JpkiCommands.PinFile))
        {
            return Sw(0x6A, 0x82);
        }
        _file = file;
        return Sw(0x90, 0x00);
    }

    private byte[] Content() => _file switch
    {
        JpkiCommands.TokenLabelFile => Encoding.ASCII.GetBytes(label.PadRight(32)),
        JpkiCommands.CertificateFile => Certificate ?? credential.CertificateDer,
        _ => [],
    };

    private byte[] Read(int offset, int length)
    {
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

    private byte[] TriesAnswer() => Tries == 0 ? Sw(0x63, 0xC0) : _verified ? Sw(0x90, 0x00) : Sw(0x63, (byte)(0xC0 | Tries));

    private byte[] Verify(string typed)
    {
        if (Tries == 0)
        {
            return Sw(0x69, 0x83);
        }
        if (typed == pin)
        {
            (Tries, _verified) = (3, true);
            return Sw(0x90, 0x00);
        }
        Tries--;
        return Sw(0x63, (byte)(0xC0 | Tries));
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

    private static byte[] Answer(bool? ok) => ok == true ? Sw(0x90, 0x00) : Sw(0x6A, 0x82);

    private static byte[] Sw(byte sw1, byte sw2) => [sw1, sw2];
}
