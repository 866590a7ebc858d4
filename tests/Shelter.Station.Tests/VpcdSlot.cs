using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using Shelter.Station.Card;

namespace Shelter.Station.Tests;

/// <summary>
/// One slot of a vpcd reader, seen from the card's side: the card is in the field while it is connected to the slot's
/// port, answering vpcd's length-prefixed messages (one byte: a power or ATR request; more: a command APDU). Taking
/// it away closes the connection.
/// </summary>
public sealed class VpcdSlot(int port) : IDisposable
{
    private const byte GetAtr = 4;

    private TcpClient? _connection;
    private Task? _serving;

    /// <summary>Puts a card in the field: connects it to the slot.</summary>
    public void Present(ICardChannel card, byte[] atr)
    {
        Remove();
        var connection = new TcpClient { NoDelay = true };
        connection.Connect(IPAddress.Loopback, port);
        _connection = connection;
        _serving = Task.Run(() => Serve(connection.GetStream(), card, atr));
    }

    /// <summary>Takes the card away.</summary>
    public void Remove()
    {
        _connection?.Dispose();
        _connection = null;
        _serving?.Wait(TimeSpan.FromSeconds(5));
        _serving = null;
    }

    private static async Task Serve(NetworkStream stream, ICardChannel card, byte[] atr)
    {
        try
        {
            var header = new byte[2];
            while (true)
            {
                await stream.ReadExactlyAsync(header);
                var message = new byte[BinaryPrimitives.ReadUInt16BigEndian(header)];
                await stream.ReadExactlyAsync(message);
                var answer = message.Length == 1 ? (message[0] == GetAtr ? atr : null) : card.Transmit(message);
                if (answer is not null)
                {
                    var framed = new byte[2 + answer.Length];
                    BinaryPrimitives.WriteUInt16BigEndian(framed, (ushort)answer.Length);
                    answer.CopyTo(framed, 2);
                    await stream.WriteAsync(framed);
                }
            }
        }
        catch (Exception ex) when (ex is EndOfStreamException or IOException or ObjectDisposedException)
        {
            // vpcd closed its end, or the card was taken away.
        }
    }

    public void Dispose() => Remove();
}
