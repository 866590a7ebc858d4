using System.Security.Cryptography;
using Shelter.Credentials.DevPki;
using Shelter.Station.Card;

namespace Shelter.Station.Demo;

/// <summary>A card on the demo's shelf: what the button says, and what it is.</summary>
public sealed record DemoCard(string Id, string Japanese, string English);

/// <summary>
/// The virtual reader of <c>--demo</c>: a shelf of development cards and phones, issued by the host demo's CA so the
/// host accepts them, and presented to the station as a PC/SC reader would present them (the same ATRs and APDUs as
/// the virtual cards of the tests). Each keeps its PIN tries between presentations, so the demo can show a card
/// blocking after three wrong PINs. Every PIN is 1234; cards A and B also carry made-up card-face attributes for the
/// desk's reading.
/// </summary>
public sealed class DemoReader : IDisposable
{
    public const string Pin = "1234";

    /// <summary>ISO 14443 without the JPKI application: a bank card or a transit card other than FeliCa.</summary>
    private static readonly byte[] OtherAtr = Convert.FromHexString("3B8880010000000000000000");

    private readonly List<DevCredential> _credentials = [];
    private readonly Dictionary<string, (DemoCard Card, ICardChannel Channel, byte[] Atr)> _shelf = new(StringComparer.Ordinal);

    public DemoReader(DevCertificateAuthority authority)
    {
        Put(new DemoCard("card-a", "マイナンバーカード A", "My Number card A"), new VirtualJpki(Issue(authority), VirtualJpki.Card, Pin)
        {
            CardFace = new CardFace.CardFaceAttributes("避難 花子", "石川県輪島市河井町一丁目１番地", new DateOnly(1958, 4, 1), "2"),
        }, VirtualJpki.MyNumberAtr);
        Put(new DemoCard("card-b", "マイナンバーカード B", "My Number card B"), new VirtualJpki(Issue(authority), VirtualJpki.Card, Pin)
        {
            CardFace = new CardFace.CardFaceAttributes("髙橋 一郎", "石川県輪島市鳳至町二丁目３番地", new DateOnly(1980, 12, 24), "1"),
        }, VirtualJpki.MyNumberAtr);
        Put(new DemoCard("android", "Android スマートフォン", "Android phone"), new VirtualJpki(Issue(authority), VirtualJpki.Android, Pin), VirtualJpki.MyNumberAtr);
        Put(new DemoCard("iphone", "iPhone", "iPhone"), new VirtualJpki(Issue(authority), VirtualJpki.Iphone, Pin), VirtualJpki.MyNumberAtr);
        Put(new DemoCard("temporary", "仮カード（FeliCa）", "Temporary card (FeliCa)"), new VirtualFelica(RandomNumberGenerator.GetBytes(8)), VirtualFelica.Atr);
        Put(new DemoCard("expired", "期限切れのカード", "Expired card"),
            new VirtualJpki(Issue(authority, new DevIssueOptions { NotBefore = DateTimeOffset.UtcNow.AddYears(-5), NotAfter = DateTimeOffset.UtcNow.AddDays(-1) }), VirtualJpki.Card, Pin),
            VirtualJpki.MyNumberAtr);
        Put(new DemoCard("other", "マイナンバーカード以外のカード", "Some other IC card"), new NoApplication(), OtherAtr);
    }

    public IReadOnlyList<DemoCard> Cards => [.. _shelf.Values.Select(c => c.Card)];

    /// <summary>The card as the reader sees it; false for an ID not on the shelf.</summary>
    public bool TryPresent(string id, out ICardChannel channel, out byte[] atr)
    {
        if (_shelf.TryGetValue(id, out var entry))
        {
            (channel, atr) = (entry.Channel, entry.Atr);
            return true;
        }
        (channel, atr) = (null!, []);
        return false;
    }

    /// <summary>The demo CA the host demo keeps in its data folder; a clear error when the host demo has not made it.</summary>
    public static DevCertificateAuthority LoadAuthority(string folder)
    {
        var certificate = Path.Combine(folder, "ca.crt");
        var key = Path.Combine(folder, "ca.key");
        if (!File.Exists(certificate) || !File.Exists(key))
        {
            throw new Server.StationSetupException($"デモ用の認証局が {Path.GetFullPath(folder)} にありません。先にサーバーのデモを起動してください（dotnet run --project src/Shelter.Host -- --demo）。 / "
                + $"The demo CA is not in {Path.GetFullPath(folder)}: start the host demo first, or set Station:DemoAuthority.");
        }
        return DevCertificateAuthority.Load(File.ReadAllBytes(certificate), File.ReadAllText(key));
    }

    private DevCredential Issue(DevCertificateAuthority authority, DevIssueOptions? options = null)
    {
        var credential = authority.Issue(options);
        _credentials.Add(credential);
        return credential;
    }

    private void Put(DemoCard card, ICardChannel channel, byte[] atr) => _shelf[card.Id] = (card, channel, atr);

    public void Dispose()
    {
        foreach (var credential in _credentials)
        {
            credential.Dispose();
        }
    }

    /// <summary>A contactless card with no JPKI application: every SELECT is "file not found".</summary>
    private sealed class NoApplication : ICardChannel
    {
        public byte[] Transmit(byte[] command) => [0x6A, 0x82];
    }
}
