using Shelter.Credentials;
using Shelter.Station.Card;
using Shelter.Station.Demo;
using Shelter.Station.Felica;

namespace Shelter.Station.Tests;

/// <summary>FeliCa temporary cards: told apart from My Number cards by the ATR, read by their IDm, accepted by the server's card-ID rule.</summary>
public sealed class FelicaCardTests
{
    private static readonly byte[] FelicaAtr = VirtualFelica.Atr;
    private static readonly byte[] MyNumberAtr = VirtualJpki.MyNumberAtr;

    [Fact]
    public void The_atr_tells_a_felica_card_from_a_my_number_card()
    {
        Assert.Equal(CardFamily.Felica, FelicaCard.Classify(FelicaAtr));
        Assert.Equal(CardFamily.Iso14443, FelicaCard.Classify(MyNumberAtr));
        Assert.Equal(CardFamily.Iso14443, FelicaCard.Classify([]));
    }

    [Fact]
    public void A_felica_card_is_read_by_its_idm_into_a_tap_the_server_takes_as_a_temporary_card()
    {
        var cardId = FelicaCard.ReadCardId(new VirtualFelica(Convert.FromHexString("0123456789ABCDEF")));
        Assert.Equal("0123456789ABCDEF", cardId);
        var tap = FelicaCard.Tap(cardId, "gate-1", "hall", "meal", DateTimeOffset.UtcNow);
        Assert.Equal("temporary-card", tap.Credential.Kind);
        var verified = CredentialVerifier.VerifyTemporaryCard(tap.Credential.CardId);
        Assert.True(verified.IsValid);
        Assert.Equal("card:0123456789abcdef", verified.Fingerprint);
    }

    [Fact]
    public void A_card_that_refuses_get_data_is_a_reader_fault()
    {
        var problem = Assert.Throws<CardProblem>(() => FelicaCard.ReadCardId(new VirtualFelica(null)));
        Assert.Equal((ushort)0x6A81, problem.StatusWord);
    }
}
