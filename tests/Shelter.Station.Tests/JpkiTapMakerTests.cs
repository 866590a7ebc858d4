using System.Security.Cryptography;
using Shelter.Credentials;
using Shelter.Credentials.DevPki;
using Shelter.Protocol;
using Shelter.Station.Card;
using Shelter.Station.Demo;
using Shelter.Station.Jpki;

namespace Shelter.Station.Tests;

/// <summary>
/// The station's JPKI flow against a virtual card, phone and iPhone: the tap it makes verifies with the server's own
/// verifier under protocol v2; each kind runs in its order; wrong PINs count down to a block that no PIN pad reaches;
/// transport chaining and strange cards end in the sentence the volunteer needs.
/// </summary>
public sealed class JpkiTapMakerTests : IDisposable
{
    private readonly DevCertificateAuthority _ca = DevCertificateAuthority.Create();
    private readonly DevCredential _holder;
    private readonly CredentialVerifier _verifier;
    private readonly JpkiTapMaker _maker = new(TimeProvider.System);

    public JpkiTapMakerTests()
    {
        _holder = _ca.Issue();
        _verifier = new CredentialVerifier(new TrustAnchors([TrustAnchor.Load(_ca.CertificateDer)]), new CredentialVerifierOptions { AllowTestRoots = true });
    }

    private static JpkiTapMaker.Request Request(string action = "check-in") =>
        new("gate-1", "hall", action, RandomNumberGenerator.GetBytes(TapChallenge.NonceLength));

    private CredentialVerification Verify(ReaderTap tap) => ServerCheck.Verify(_verifier, tap);

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void A_card_with_the_right_pin_makes_a_v2_tap_the_server_verifies(bool t0)
    {
        var card = new VirtualJpki(_holder, VirtualJpki.Card) { T0 = t0 };
        int? offered = -1;
        var tap = _maker.Make(card, Request(), tries => { offered = tries; return "1234"; });

        Assert.Equal(3, offered);
        Assert.Equal("jpki-card", tap.Credential.Kind);
        var verified = Verify(tap);
        Assert.True(verified.IsValid, verified.Message);
        Assert.Equal(_holder.Fingerprint, verified.Fingerprint);
        // The certificate is read before the PIN is asked, so an expired card is refused first.
        Assert.True(card.Commands.FindIndex(c => c.StartsWith("00A4020C02000A", StringComparison.Ordinal))
            < card.Commands.IndexOf("VERIFY ****"));
        if (t0)
        {
            Assert.Contains(card.Commands, c => c.StartsWith("00C00000", StringComparison.Ordinal));
        }
    }

    [Theory]
    [InlineData(VirtualJpki.Card, DevKeyKind.Rsa2048)]
    [InlineData(VirtualJpki.Card, DevKeyKind.EcdsaP384)]
    [InlineData(VirtualJpki.Android, DevKeyKind.Rsa2048)]
    [InlineData(VirtualJpki.Android, DevKeyKind.EcdsaP384)]
    [InlineData(VirtualJpki.Iphone, DevKeyKind.Rsa2048)]
    [InlineData(VirtualJpki.Iphone, DevKeyKind.EcdsaP384)]
    public void Every_kind_with_either_key_makes_a_tap_the_server_verifies(string label, DevKeyKind key)
    {
        using var holder = _ca.Issue(new DevIssueOptions { KeyKind = key });
        var tap = _maker.Make(new VirtualJpki(holder, label), Request("meal"), _ => "1234");
        var verified = Verify(tap);
        Assert.True(verified.IsValid, verified.Message);
        Assert.Equal(holder.Fingerprint, verified.Fingerprint);
    }

    [Fact]
    public void A_genuine_card_certificate_is_read_whole_and_refused_as_expired_before_any_pin()
    {
        var genuine = File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "Vectors", "user-auth-cert.der"));
        var card = new VirtualJpki(_holder, VirtualJpki.Card) { Certificate = genuine, T0 = true };
        var expired = Assert.Throws<CardProblem>(() => _maker.Make(card, Request(), _ => throw new InvalidOperationException("no PIN for an expired card")));
        Assert.Equal(CardProblemKind.CertificateExpired, expired.Kind);

        // Inside its validity the flow goes on; the card signs with a key that is not the certificate's (we hold no
        // genuine key), which the station's own check catches before anything is recorded.
        var inside = new JpkiTapMaker(new FixedClock(new DateTimeOffset(2020, 1, 1, 0, 0, 0, TimeSpan.Zero)));
        var mismatched = Assert.Throws<CardProblem>(() => inside.Make(new VirtualJpki(_holder, VirtualJpki.Card) { Certificate = genuine }, Request(), _ => "1234"));
        Assert.Equal(CardProblemKind.ReaderFault, mismatched.Kind);
    }

    [Fact]
    public void A_card_taken_away_during_the_signature_is_a_removal_not_a_tap()
    {
        var card = new VirtualJpki(_holder, VirtualJpki.Card) { RemovedWhileSigning = true };
        Assert.Throws<CardRemovedException>(() => _maker.Make(card, Request(), _ => "1234"));
        Assert.Equal(3, card.Tries);
    }

    [Fact]
    public void A_certificate_only_meal_reads_the_certificate_and_asks_for_nothing()
    {
        var card = new VirtualJpki(_holder, VirtualJpki.Card);
        var tap = _maker.Make(card, Request("meal") with { CertificateOnly = true }, _ => throw new InvalidOperationException("no PIN for a certificate-only tap"));
        Assert.Null(tap.Credential.Signature);
        Assert.Null(tap.Credential.Nonce);
        Assert.Equal(Convert.ToBase64String(_holder.CertificateDer), tap.Credential.Certificate);
        Assert.DoesNotContain("VERIFY ****", card.Commands);
        Assert.DoesNotContain(card.Commands, c => c.StartsWith("802A", StringComparison.Ordinal));

        // An Android phone's certificate needs VERIFY: it goes through its usual flow and signs.
        var phone = _maker.Make(new VirtualJpki(_holder, VirtualJpki.Android), Request("meal") with { CertificateOnly = true }, _ => "1234");
        Assert.NotNull(phone.Credential.Signature);
        Assert.True(Verify(phone).IsValid);
    }

    [Fact]
    public void Wrong_pins_count_down_to_a_block_and_a_blocked_card_is_never_asked_for_a_pin()
    {
        var card = new VirtualJpki(_holder, VirtualJpki.Card);
        var wrong1 = Assert.Throws<CardProblem>(() => _maker.Make(card, Request(), _ => "0000"));
        Assert.Equal((CardProblemKind.WrongPin, 2), (wrong1.Kind, wrong1.TriesLeft));
        Assert.Contains("残り2回", wrong1.Japanese, StringComparison.Ordinal);
        Assert.Equal(CardProblemKind.WrongPin, Assert.Throws<CardProblem>(() => _maker.Make(card, Request(), _ => "0000")).Kind);
        var blocked = Assert.Throws<CardProblem>(() => _maker.Make(card, Request(), _ => "0000"));
        Assert.Equal(CardProblemKind.PinBlocked, blocked.Kind);

        var asked = false;
        var again = Assert.Throws<CardProblem>(() => _maker.Make(card, Request(), _ => { asked = true; return "1234"; }));
        Assert.Equal(CardProblemKind.PinBlocked, again.Kind);
        Assert.False(asked);
        Assert.Contains("受付", again.Japanese, StringComparison.Ordinal);
    }

    [Fact]
    public void Asking_for_the_tries_left_uses_none()
    {
        var card = new VirtualJpki(_holder, VirtualJpki.Card);
        var reader = new JpkiReader(card);
        reader.Open();
        Assert.Equal(3, reader.TriesLeft());
        Assert.Equal(3, reader.TriesLeft());
        Assert.Equal(3, card.Tries);
    }

    [Fact]
    public void An_android_phone_is_verified_before_its_certificate_is_read()
    {
        var phone = new VirtualJpki(_holder, VirtualJpki.Android);
        var tap = _maker.Make(phone, Request("meal"), _ => "1234");
        Assert.Equal("jpki-android", tap.Credential.Kind);
        Assert.True(Verify(tap).IsValid);
        Assert.True(phone.Commands.IndexOf("VERIFY ****") < phone.Commands.FindIndex(c => c.StartsWith("00A4020C02000A", StringComparison.Ordinal)));
    }

    [Fact]
    public void An_iphone_signs_with_no_pin_at_the_reader_and_gets_its_closing_command()
    {
        var phone = new VirtualJpki(_holder, VirtualJpki.Iphone);
        var tap = _maker.Make(phone, Request(), _ => throw new InvalidOperationException("an iPhone is never asked for a PIN"));
        Assert.Equal("jpki-iphone", tap.Credential.Kind);
        Assert.True(Verify(tap).IsValid);
        Assert.Equal("80FC0000", phone.Commands[^1]);
    }

    [Fact]
    public void A_signature_garbled_on_the_way_back_is_caught_at_the_station()
    {
        var problem = Assert.Throws<CardProblem>(() => _maker.Make(new VirtualJpki(_holder, VirtualJpki.Card) { Garbled = true }, Request(), _ => "1234"));
        Assert.Equal(CardProblemKind.ReaderFault, problem.Kind);
    }

    [Fact]
    public void An_expired_card_is_refused_before_anyone_types_a_pin()
    {
        using var expired = _ca.Issue(new DevIssueOptions { NotBefore = DateTimeOffset.UtcNow.AddYears(-5), NotAfter = DateTimeOffset.UtcNow.AddDays(-1) });
        var problem = Assert.Throws<CardProblem>(() => _maker.Make(new VirtualJpki(expired, VirtualJpki.Card), Request(),
            _ => throw new InvalidOperationException("no PIN for an expired card")));
        Assert.Equal(CardProblemKind.CertificateExpired, problem.Kind);
    }

    [Fact]
    public void A_card_without_the_jpki_application_is_not_jpki_and_a_wrong_length_is_asked_again()
    {
        var other = new SelectRefused();
        var problem = Assert.Throws<CardProblem>(() => new JpkiReader(other).Open());
        Assert.Equal((CardProblemKind.NotJpki, (ushort)0x6A82), (problem.Kind, problem.StatusWord));
        Assert.Contains("マイナンバーカード", problem.Japanese, StringComparison.Ordinal);

        var card = new VirtualJpki(_holder, VirtualJpki.Card);
        var transport = new CardTransport(card);
        transport.Send(JpkiCommands.SelectApplication());
        transport.Send(Iso7816.SelectFile(JpkiCommands.TokenLabelFile));
        var label = transport.Send([0x00, 0xB0, 0x00, 0x00]);
        Assert.True(label.IsSuccess);
        Assert.StartsWith(VirtualJpki.Card, System.Text.Encoding.ASCII.GetString(label.Data), StringComparison.Ordinal);
        Assert.Equal("00B0000020", card.Commands[^1]);
    }

    private sealed class SelectRefused : ICardChannel
    {
        public byte[] Transmit(byte[] command) => [0x6A, 0x82];
    }

    public void Dispose()
    {
        _holder.Dispose();
        _ca.Dispose();
    }

    private sealed class FixedClock(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}
