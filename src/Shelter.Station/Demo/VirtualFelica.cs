using Shelter.Station.Card;

namespace Shelter.Station.Demo;

/// <summary>A FeliCa card as a PC/SC reader presents it: GET DATA answers its IDm (none: the command fails).</summary>
public sealed class VirtualFelica(byte[]? idm) : ICardChannel
{
    /// <summary>The ATR a PC/SC reader makes for a FeliCa card (RID A0 00 00 03 06, standard 11).</summary>
    public static readonly byte[] Atr = Convert.FromHexString("3B8F8001804F0CA00000030611003B0000000042");

    public byte[] Transmit(byte[] command) => command is [0xFF, 0xCA, 0x00, 0x00, 0x00] && idm is not null ? [.. idm, 0x90, 0x00] : [0x6A, 0x81];
}
