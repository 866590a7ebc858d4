using System.Text;
using Shelter.Credentials;
using Shelter.Credentials.DevPki;
using Shelter.Station.Card;
using Shelter.Station.CardFace;
using Shelter.Station.Demo;

namespace Shelter.Station.Tests;

/// <summary>
/// Reading the four attributes at the desk from a virtual My Number card: file 0002 with the card-face PIN, in either
/// transport; wrong PINs count down without any VERIFY sent twice; a phone has no such application; nothing ever
/// selects file 0001; a file that is not what a card holds is a reader fault, not a guess.
/// </summary>
public sealed class CardFaceReaderTests : IDisposable
{
    private static readonly CardFaceAttributes Hanako = new("避難 花子", "石川県輪島市河井町一丁目１番地", new DateOnly(1958, 4, 1), "2");

    /// <summary>SELECT of EF 0001 (the My Number) in any application.</summary>
    private const string SelectFile0001 = "00A4020C020001";

    private readonly DevCertificateAuthority _ca = DevCertificateAuthority.Create();
    private readonly DevCredential _holder;

    public CardFaceReaderTests() => _holder = _ca.Issue();

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void The_desk_reads_the_four_attributes_and_the_certificate_with_the_card_face_pin(bool t0)
    {
        var card = new VirtualJpki(_holder, VirtualJpki.Card, "1234") { CardFace = Hanako, CardFacePin = "5678", T0 = t0 };
        int? offered = -1;
        var read = CardFaceDesk.Read(card, tries =>
        {
            offered = tries;
            return "5678";
        });
        Assert.Equal(Hanako, read.Attributes);
        Assert.Equal(CredentialKind.JpkiCard, read.Kind);
        Assert.Equal(_holder.CertificateDer, read.Certificate);
        Assert.Equal(3, offered);
        Assert.DoesNotContain(SelectFile0001, card.Commands);
        Assert.Single(card.Commands, c => c == "VERIFY ****");
        var reading = read.ToReading("r1");
        Assert.Equal(("1958-04-01", "2", "jpki-card"), (reading.BirthDate, reading.Sex, reading.Credential.Kind));
        Assert.Null(reading.Credential.Signature);
    }

    [Fact]
    public void A_long_address_is_read_over_several_reads()
    {
        var long_ = Hanako with { Address = string.Concat(Enumerable.Repeat("石川県輪島市河井町", 12)) };
        var card = new VirtualJpki(_holder, VirtualJpki.Card) { CardFace = long_ };
        Assert.True(VirtualJpki.Encode(long_).Length > 256);
        Assert.Equal(long_, CardFaceDesk.Read(card, _ => "1234").Attributes);
    }

    [Fact]
    public void Wrong_pins_count_down_to_a_block_and_no_verify_is_sent_twice()
    {
        var card = new VirtualJpki(_holder, VirtualJpki.Card) { CardFace = Hanako, CardFacePin = "5678" };
        var wrong = Assert.Throws<CardProblem>(() => CardFaceDesk.Read(card, _ => "0000"));
        Assert.Equal((CardProblemKind.WrongPin, 2), (wrong.Kind, wrong.TriesLeft));
        Assert.Single(card.Commands, c => c == "VERIFY ****");
        Assert.Contains("残り2回", CardFaceDesk.Sentences(wrong).Japanese);
        Assert.Throws<CardProblem>(() => CardFaceDesk.Read(card, _ => "0000"));
        var last = Assert.Throws<CardProblem>(() => CardFaceDesk.Read(card, _ => "0000"));
        Assert.Equal(CardProblemKind.PinBlocked, last.Kind);
        var asked = false;
        var blocked = Assert.Throws<CardProblem>(() => CardFaceDesk.Read(card, _ =>
        {
            asked = true;
            return "5678";
        }));
        Assert.Equal(CardProblemKind.PinBlocked, blocked.Kind);
        Assert.False(asked);
        Assert.Contains("手で入力", CardFaceDesk.Sentences(blocked).Japanese);
        Assert.Equal(3, card.Tries);
    }

    [Fact]
    public void A_phone_has_no_card_face_application()
    {
        var phone = new VirtualJpki(_holder, VirtualJpki.Android);
        var problem = Assert.Throws<CardProblem>(() => CardFaceDesk.Read(phone, _ => "1234"));
        Assert.Equal(CardProblemKind.NotJpki, problem.Kind);
        Assert.Contains("手で入力", CardFaceDesk.Sentences(problem).Japanese);
        Assert.DoesNotContain("VERIFY ****", phone.Commands);
    }

    public static TheoryData<string, byte[]> Malformed => new()
    {
        { "empty", [] },
        { "another template", [0xFF, 0x21, 0x00] },
        { "truncated", VirtualJpki.Encode(Hanako)[..20] },
        { "no sex", Template(Field(0x22, "避難 花子"), Field(0x23, "輪島"), Field(0x24, "19580401")) },
        { "sex 4", Template(Field(0x22, "避難 花子"), Field(0x23, "輪島"), Field(0x24, "19580401"), Field(0x25, "4")) },
        { "31 February", Template(Field(0x22, "避難 花子"), Field(0x23, "輪島"), Field(0x24, "19580231"), Field(0x25, "2")) },
        { "era date", Template(Field(0x22, "避難 花子"), Field(0x23, "輪島"), Field(0x24, "S330401"), Field(0x25, "2")) },
        { "empty name", Template(Field(0x22, ""), Field(0x23, "輪島"), Field(0x24, "19580401"), Field(0x25, "2")) },
        { "not UTF-8", Template([0xDF, 0x22, 0x02, 0x8E, 0xAE], Field(0x23, "輪島"), Field(0x24, "19580401"), Field(0x25, "2")) },
        { "length past the end", [0xFF, 0x20, 0x05, 0xDF, 0x22, 0x09, 0x41, 0x42] },
    };

    [Theory]
    [MemberData(nameof(Malformed))]
    public void A_file_that_is_not_what_a_card_holds_is_refused(string what, byte[] file)
    {
        Assert.Null(CardFaceReader.Parse(file));
        Assert.NotEmpty(what);
    }

    [Fact]
    public void The_attributes_a_card_holds_are_parsed()
    {
        Assert.Equal(Hanako, CardFaceReader.Parse(VirtualJpki.Encode(Hanako)));
    }

    private static byte[] Field(byte tag, string value)
    {
        var bytes = Encoding.UTF8.GetBytes(value);
        return [0xDF, tag, (byte)bytes.Length, .. bytes];
    }

    private static byte[] Template(params byte[][] fields)
    {
        byte[] body = [.. fields.SelectMany(f => f)];
        return [0xFF, 0x20, (byte)body.Length, .. body];
    }

    public void Dispose()
    {
        _holder.Dispose();
        _ca.Dispose();
    }
}
