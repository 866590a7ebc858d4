using System.Runtime.InteropServices;
using System.Text;

namespace Shelter.Station.Pcsc;

/// <summary>
/// A connection to the PC/SC daemon: its readers, waiting for a card to come or go, and connecting to one. A wait can
/// be cancelled from another thread (<see cref="Cancel"/>), which is how the station stops.
/// </summary>
public sealed class PcscContext : IDisposable
{
    private nint _context;

    private PcscContext(nint context) => _context = context;

    /// <summary>Connects to pcscd; <see cref="PcscError.NoService"/> when it is not running.</summary>
    public static PcscContext Establish()
    {
        PcscException.Check("SCardEstablishContext", PcscLite.SCardEstablishContext(PcscLite.ScopeSystem, 0, 0, out var context));
        return new PcscContext(context);
    }

    /// <summary>The readers now attached; none is not an error.</summary>
    public IReadOnlyList<string> Readers()
    {
        nuint length = 0;
        var result = PcscLite.SCardListReaders(_context, 0, null, ref length);
        if (PcscException.Of(result) == PcscError.NoReadersAvailable)
        {
            return [];
        }
        PcscException.Check("SCardListReaders", result);
        var names = new byte[(int)length];
        result = PcscLite.SCardListReaders(_context, 0, names, ref length);
        if (PcscException.Of(result) == PcscError.NoReadersAvailable)
        {
            return [];
        }
        PcscException.Check("SCardListReaders", result);
        // A multi-string: names ended by NUL, the list by one more.
        return Encoding.UTF8.GetString(names, 0, (int)length).Split('\0', StringSplitOptions.RemoveEmptyEntries);
    }

    /// <summary>
    /// Waits until one of the readers differs from what <paramref name="known"/> says of it, or the timeout passes (then
    /// null). Include <see cref="PcscLite.PnpNotification"/> to hear of readers plugged in or out. Cancelled: null.
    /// </summary>
    public IReadOnlyList<ReaderState>? WaitForChange(IReadOnlyList<ReaderState> known, TimeSpan timeout)
    {
        var buffer = Marshal.AllocHGlobal(PcscLite.ReaderStateSize * known.Count);
        var names = new nint[known.Count];
        try
        {
            for (var i = 0; i < known.Count; i++)
            {
                var at = buffer + (i * PcscLite.ReaderStateSize);
                for (var b = 0; b < PcscLite.ReaderStateSize; b++)
                {
                    Marshal.WriteByte(at, b, 0);
                }
                names[i] = Marshal.StringToCoTaskMemUTF8(known[i].Reader);
                Marshal.WriteIntPtr(at, PcscLite.ReaderStateReader, names[i]);
                Marshal.WriteIntPtr(at, PcscLite.ReaderStateCurrent, (nint)known[i].Current);
            }
            var milliseconds = timeout == Timeout.InfiniteTimeSpan ? PcscLite.Infinite : (uint)Math.Clamp(timeout.TotalMilliseconds, 0, uint.MaxValue - 1);
            var result = PcscLite.SCardGetStatusChange(_context, milliseconds, buffer, (nuint)known.Count);
            var error = PcscException.Of(result);
            if (error is PcscError.Timeout or PcscError.Cancelled)
            {
                return null;
            }
            PcscException.Check("SCardGetStatusChange", result);
            var states = new ReaderState[known.Count];
            for (var i = 0; i < known.Count; i++)
            {
                var at = buffer + (i * PcscLite.ReaderStateSize);
                var state = (ulong)Marshal.ReadIntPtr(at, PcscLite.ReaderStateEvent);
                var atrLength = Math.Min((int)Marshal.ReadIntPtr(at, PcscLite.ReaderStateAtrLength), PcscLite.MaxAtr);
                var atr = new byte[atrLength];
                Marshal.Copy(at + PcscLite.ReaderStateAtr, atr, 0, atrLength);
                states[i] = new ReaderState(known[i].Reader, (ReaderStatus)(uint)(state & 0xFFFF), (int)((state >> 16) & 0xFFFF), atr);
            }
            return states;
        }
        finally
        {
            foreach (var name in names)
            {
                Marshal.FreeCoTaskMem(name);
            }
            Marshal.FreeHGlobal(buffer);
        }
    }

    /// <summary>Ends a <see cref="WaitForChange"/> running on another thread.</summary>
    public void Cancel() => PcscLite.SCardCancel(_context);

    /// <summary>
    /// Connects to the card in <paramref name="reader"/> (shared, T=0 or T=1) and begins a transaction, so no other
    /// program's commands come between the station's until the card is disposed.
    /// </summary>
    public PcscCard Connect(string reader)
    {
        var name = Encoding.UTF8.GetBytes(reader + "\0");
        PcscException.Check("SCardConnect", PcscLite.SCardConnect(_context, name, PcscLite.ShareShared, PcscLite.ProtocolT0 | PcscLite.ProtocolT1, out var card, out var protocol));
        var begun = PcscLite.SCardBeginTransaction(card);
        if (PcscException.Of(begun) != PcscError.Success)
        {
            PcscLite.SCardDisconnect(card, PcscLite.LeaveCard);
            PcscException.Check("SCardBeginTransaction", begun);
        }
        return new PcscCard(card, protocol);
    }

    public void Dispose()
    {
        if (_context != 0)
        {
            PcscLite.SCardReleaseContext(_context);
            _context = 0;
        }
    }
}
