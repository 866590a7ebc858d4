using Shelter.Station.Card;

namespace Shelter.Station.Pcsc;

/// <summary>A card connected through PC/SC, inside a transaction that ends, leaving the card powered, when disposed.</summary>
public sealed class PcscCard : ICardChannel, IDisposable
{
    /// <summary>A short APDU's response (256 bytes and the status word) with room to spare.</summary>
    private const int ReceiveBuffer = 2048;

    private readonly nint _card;
    private readonly nuint _protocol;
    private bool _disposed;

    internal PcscCard(nint card, nuint protocol)
    {
        _card = card;
        _protocol = protocol;
    }

    /// <summary>The card's answer to reset, which tells a My Number card from a FeliCa one.</summary>
    public byte[] Atr()
    {
        nuint readerLength = 0;
        var atr = new byte[PcscLite.MaxAtr];
        nuint atrLength = (nuint)atr.Length;
        Checked("SCardStatus", PcscLite.SCardStatus(_card, null, ref readerLength, out _, out _, atr, ref atrLength));
        return atr[..(int)atrLength];
    }

    public byte[] Transmit(byte[] command)
    {
        var pci = new PcscLite.IoRequest { Protocol = _protocol, PciLength = 16 };
        var response = new byte[ReceiveBuffer];
        nuint length = (nuint)response.Length;
        Checked("SCardTransmit", PcscLite.SCardTransmit(_card, ref pci, command, (nuint)command.Length, 0, response, ref length));
        return response[..(int)length];
    }

    private static void Checked(string call, nint result)
    {
        try
        {
            PcscException.Check(call, result);
        }
        catch (PcscException ex) when (ex.CardGone)
        {
            throw new CardRemovedException(ex.Message);
        }
    }

    public void Dispose()
    {
        if (!_disposed)
        {
            _disposed = true;
            PcscLite.SCardEndTransaction(_card, PcscLite.LeaveCard);
            PcscLite.SCardDisconnect(_card, PcscLite.LeaveCard);
        }
    }
}
