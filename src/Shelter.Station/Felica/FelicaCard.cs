using Shelter.Credentials;
using Shelter.Protocol;
using Shelter.Station.Card;

namespace Shelter.Station.Felica;

/// <summary>What a card's ATR says it is: a FeliCa card (a temporary card, by its IDm) or an ISO 14443 card to try JPKI on.</summary>
public enum CardFamily
{
    Felica,
    Iso14443,
}

/// <summary>
/// FeliCa cards through PC/SC (the shelter's temporary cards): recognised by the ATR a PC/SC reader makes for them
/// (Part 3: RID <c>A0 00 00 03 06</c>, standard byte <c>11</c>), read by GET DATA <c>FF CA 00 00 00</c>, which answers
/// the 8-byte IDm. An IDm is no secret, which is why these taps are lower assurance.
/// </summary>
public static class FelicaCard
{
    private static readonly byte[] PcscRid = [0xA0, 0x00, 0x00, 0x03, 0x06];
    private const byte FelicaStandard = 0x11;

    public static CardFamily Classify(ReadOnlySpan<byte> atr)
    {
        var rid = atr.IndexOf(PcscRid);
        return rid >= 0 && rid + PcscRid.Length < atr.Length && atr[rid + PcscRid.Length] == FelicaStandard ? CardFamily.Felica : CardFamily.Iso14443;
    }

    /// <summary>The card's IDm as the protocol's <c>cardId</c> (16 hex digits).</summary>
    public static string ReadCardId(ICardChannel channel)
    {
        var answer = new CardTransport(channel).Send([0xFF, 0xCA, 0x00, 0x00, 0x00]);
        return answer.IsSuccess && answer.Data.Length == TemporaryCardId.HexLength / 2
            ? Convert.ToHexString(answer.Data)
            : throw new CardProblem(CardProblemKind.ReaderFault, answer.StatusWord);
    }

    /// <summary>A temporary-card tap: no signature, no nonce; the server counts it as lower assurance.</summary>
    public static ReaderTap Tap(string cardId, string readerId, string shelterId, string action, DateTimeOffset at) =>
        new(Guid.NewGuid().ToString(), readerId, shelterId, action, TapTime.Format(at), new TapCredential(CredentialKind.TemporaryCard.Code(), CardId: cardId));
}
