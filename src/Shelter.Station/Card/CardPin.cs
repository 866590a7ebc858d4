namespace Shelter.Station.Card;

/// <summary>
/// A PIN file as the JPKI and card-face applications keep it: the free tries query (which uses no try) and VERIFY,
/// with the status words mapped to a <see cref="CardProblem"/>. A VERIFY is never resent by itself: each wrong one
/// uses a try.
/// </summary>
public static class CardPin
{
    /// <summary>The tries left of the PIN in <paramref name="pinFile"/> (null: no limit, or verified already); blocked throws.</summary>
    public static int? TriesLeft(CardTransport card, ushort pinFile)
    {
        Select(card, pinFile);
        var answer = card.Send(Iso7816.TriesLeft());
        return answer.StatusWord switch
        {
            CardResponse.Success or 0x6300 => null,
            0x63C0 or 0x6983 or 0x6984 => throw new CardProblem(CardProblemKind.PinBlocked, answer.StatusWord, 0),
            _ when answer.Sw1 == 0x63 && (answer.Sw2 & 0xF0) == 0xC0 => answer.Sw2 & 0x0F,
            _ => throw new CardProblem(CardProblemKind.ReaderFault, answer.StatusWord),
        };
    }

    /// <summary>VERIFY with the PIN the person typed (kept by the caller for this transaction only).</summary>
    public static void Verify(CardTransport card, ushort pinFile, ReadOnlySpan<char> pin)
    {
        Select(card, pinFile);
        var answer = card.Send(Iso7816.Verify(pin));
        switch (answer.StatusWord)
        {
            case CardResponse.Success:
                return;
            case 0x63C0 or 0x6983 or 0x6984:
                throw new CardProblem(CardProblemKind.PinBlocked, answer.StatusWord, 0);
            case var _ when answer.Sw1 == 0x63 && (answer.Sw2 & 0xF0) == 0xC0:
                throw new CardProblem(CardProblemKind.WrongPin, answer.StatusWord, answer.Sw2 & 0x0F);
            default:
                throw new CardProblem(CardProblemKind.ReaderFault, answer.StatusWord);
        }
    }

    private static void Select(CardTransport card, ushort file)
    {
        var answer = card.Send(Iso7816.SelectFile(file));
        if (!answer.IsSuccess)
        {
            throw new CardProblem(answer.StatusWord == 0x6A82 ? CardProblemKind.NotJpki : CardProblemKind.ReaderFault, answer.StatusWord);
        }
    }
}
