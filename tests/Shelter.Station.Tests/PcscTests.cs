using System.Security.Cryptography;
using Shelter.Credentials;
using Shelter.Credentials.DevPki;
using Shelter.Protocol;
using Shelter.Station.Felica;
using Shelter.Station.Jpki;
using Shelter.Station.Pcsc;

namespace Shelter.Station.Tests;

[CollectionDefinition(Name)]
public sealed class PcscCollection : ICollectionFixture<PcscdRig>
{
    public const string Name = "pcscd";
}

/// <summary>
/// The station's PC/SC binding against the real pcscd, with virtual cards on vpcd: a card comes into the field, is
/// told apart by its ATR, is read and signs inside a transaction, and is seen leaving; a FeliCa card in the other slot
/// gives its IDm.
/// </summary>
[Collection(PcscCollection.Name)]
public sealed class PcscTests(PcscdRig rig) : IDisposable
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(15);

    private readonly DevCertificateAuthority _ca = DevCertificateAuthority.Create();

    [PcscdFact]
    public void A_my_number_card_over_pcsc_is_seen_read_signed_and_seen_leaving()
    {
        using var holder = _ca.Issue();
        using var context = PcscContext.Establish();
        var reader = rig.Readers[0];
        var empty = Until(context, ReaderState.Unaware(reader), s => !s.CardPresent);

        var card = new VirtualJpki(holder, VirtualJpki.Card);
        rig.Slots[0].Present(card, VirtualJpki.MyNumberAtr);
        var present = Until(context, empty, s => s.CardPresent);
        Assert.Equal(VirtualJpki.MyNumberAtr, present.Atr);
        Assert.Equal(CardFamily.Iso14443, FelicaCard.Classify(present.Atr));

        ReaderTap tap;
        using (var connected = context.Connect(reader))
        {
            Assert.Equal(VirtualJpki.MyNumberAtr, connected.Atr());
            var request = new JpkiTapMaker.Request("gate-1", "hall", "check-in", RandomNumberGenerator.GetBytes(TapChallenge.NonceLength));
            tap = new JpkiTapMaker(TimeProvider.System).Make(connected, request, _ => "1234");
        }
        using var anchors = new TrustAnchors([TrustAnchor.Load(_ca.CertificateDer)]);
        var verified = new CredentialVerifier(anchors, new CredentialVerifierOptions { AllowTestRoots = true }).VerifyTap(ReaderProtocol.V2, CredentialKind.JpkiCard,
            Convert.FromBase64String(tap.Credential.Certificate!), tap.ReaderId, tap.TapId, tap.OccurredAt, tap.Action, tap.ShelterId,
            Convert.FromBase64String(tap.Credential.Nonce!), Convert.FromBase64String(tap.Credential.Signature!), DateTimeOffset.UtcNow);
        Assert.True(verified.IsValid, verified.Message);
        Assert.Contains("VERIFY ****", card.Commands);

        rig.Slots[0].Remove();
        Until(context, present, s => !s.CardPresent);
    }

    [PcscdFact]
    public void A_felica_card_in_the_other_slot_gives_its_idm()
    {
        using var context = PcscContext.Establish();
        var reader = rig.Readers[1];
        var empty = Until(context, ReaderState.Unaware(reader), s => !s.CardPresent);
        rig.Slots[1].Present(new VirtualFelica(Convert.FromHexString("012E4CD8A1B2C3D4")), VirtualFelica.Atr);
        var present = Until(context, empty, s => s.CardPresent);
        Assert.Equal(CardFamily.Felica, FelicaCard.Classify(present.Atr));
        using (var connected = context.Connect(reader))
        {
            Assert.Equal("012E4CD8A1B2C3D4", FelicaCard.ReadCardId(connected));
        }
        rig.Slots[1].Remove();
        Until(context, present, s => !s.CardPresent);
    }

    /// <summary>Waits on pcscd for the reader's state to satisfy <paramref name="wanted"/>; fails after <see cref="Patience"/>.</summary>
    private static ReaderState Until(PcscContext context, ReaderState known, Func<ReaderState, bool> wanted)
    {
        var deadline = DateTime.UtcNow + Patience;
        var state = known;
        while (true)
        {
            var left = deadline - DateTime.UtcNow;
            Assert.True(left > TimeSpan.Zero, $"{state.Reader} stayed {state.Status}");
            var changed = context.WaitForChange([state], left);
            if (changed is not null)
            {
                state = changed[0];
                if (wanted(state))
                {
                    return state;
                }
            }
        }
    }

    public void Dispose() => _ca.Dispose();
}
