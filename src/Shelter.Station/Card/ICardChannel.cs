namespace Shelter.Station.Card;

/// <summary>
/// One connected card (or phone): a command APDU in, the response with its status word out. The PC/SC binding is one;
/// tests use a virtual card.
/// </summary>
public interface ICardChannel
{
    byte[] Transmit(byte[] command);
}

/// <summary>A card that went away mid-flow (removed, or the link failed): the volunteer is asked to put it back.</summary>
public sealed class CardRemovedException(string message) : Exception(message);
