namespace Shelter.Station.Card;

/// <summary>
/// ISO 7816-4 transport rules over a channel, as readers in T=0 need them: <c>61 xx</c> means more data is waiting
/// (fetched with GET RESPONSE and joined), <c>6C xx</c> means the expected length was wrong (sent again with Le = xx).
/// </summary>
public sealed class CardTransport(ICardChannel channel)
{
    private const int MaxChained = 64;

    public CardResponse Send(byte[] command)
    {
        var response = CardResponse.Parse(channel.Transmit(command));
        if (response.Sw1 == 0x6C && command.Length >= 4)
        {
            // Only the length changes; data and the rest of the header stay as they were.
            var again = command.Length == 4 ? [.. command, response.Sw2] : command.ToArray();
            again[^1] = response.Sw2;
            response = CardResponse.Parse(channel.Transmit(again));
        }
        var data = new List<byte>(response.Data);
        for (var chained = 0; response.Sw1 == 0x61; chained++)
        {
            if (chained == MaxChained)
            {
                throw new InvalidOperationException("the card kept answering 61xx: more data than any JPKI file holds");
            }
            response = CardResponse.Parse(channel.Transmit([0x00, 0xC0, 0x00, 0x00, response.Sw2]));
            data.AddRange(response.Data);
        }
        return new CardResponse([.. data], response.StatusWord);
    }
}
