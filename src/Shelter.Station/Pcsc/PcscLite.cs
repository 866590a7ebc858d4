using System.Runtime.InteropServices;

namespace Shelter.Station.Pcsc;

/// <summary>
/// pcsc-lite's C API as Linux x86-64 lays it out: <c>LONG</c>, <c>DWORD</c> and handles are C <c>long</c> (8 bytes, so
/// <c>nint</c>/<c>nuint</c>), entry points carry no A/W suffix, reader names are UTF-8. Windows (32-bit DWORD, A/W
/// names, a 36-byte ATR) and macOS (packed structs) differ and are not bound here.
/// </summary>
internal static class PcscLite
{
    private const string Library = "libpcsclite.so.1";

    public const uint ScopeSystem = 2;
    public const uint ShareShared = 2;
    public const uint ProtocolT0 = 1;
    public const uint ProtocolT1 = 2;
    public const uint LeaveCard = 0;
    public const uint Infinite = 0xFFFFFFFF;

    /// <summary>The pseudo-reader whose state changes when a reader is plugged in or out.</summary>
    public const string PnpNotification = @"\\?PnP?\Notification";

    /// <summary><c>SCARD_READERSTATE</c>: five 8-byte fields, a 33-byte ATR, padded to 80 bytes.</summary>
    public const int ReaderStateSize = 80;
    public const int ReaderStateReader = 0;
    public const int ReaderStateCurrent = 16;
    public const int ReaderStateEvent = 24;
    public const int ReaderStateAtrLength = 32;
    public const int ReaderStateAtr = 40;
    public const int MaxAtr = 33;

    /// <summary><c>SCARD_IO_REQUEST</c>: protocol and the structure's own length, 16 bytes.</summary>
    [StructLayout(LayoutKind.Sequential)]
    public struct IoRequest
    {
        public nuint Protocol;
        public nuint PciLength;
    }

    [DllImport(Library)]
    public static extern nint SCardEstablishContext(nuint scope, nint reserved1, nint reserved2, out nint context);

    [DllImport(Library)]
    public static extern nint SCardReleaseContext(nint context);

    [DllImport(Library)]
    public static extern nint SCardListReaders(nint context, nint groups, byte[]? readers, ref nuint length);

    [DllImport(Library)]
    public static extern nint SCardGetStatusChange(nint context, nuint timeoutMs, nint states, nuint count);

    [DllImport(Library)]
    public static extern nint SCardCancel(nint context);

    [DllImport(Library)]
    public static extern nint SCardConnect(nint context, byte[] reader, nuint shareMode, nuint preferredProtocols, out nint card, out nuint activeProtocol);

    [DllImport(Library)]
    public static extern nint SCardDisconnect(nint card, nuint disposition);

    [DllImport(Library)]
    public static extern nint SCardBeginTransaction(nint card);

    [DllImport(Library)]
    public static extern nint SCardEndTransaction(nint card, nuint disposition);

    [DllImport(Library)]
    public static extern nint SCardTransmit(nint card, ref IoRequest sendPci, byte[] send, nuint sendLength, nint receivePci, byte[] receive, ref nuint receiveLength);

    [DllImport(Library)]
    public static extern nint SCardStatus(nint card, byte[]? reader, ref nuint readerLength, out nuint state, out nuint protocol, byte[] atr, ref nuint atrLength);
}
