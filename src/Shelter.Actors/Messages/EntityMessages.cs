namespace Shelter.Actors;

/// <summary>Every message that may cross nodes; bound to <see cref="ShelterSerializer"/>.</summary>
public interface IShelterMessage;

/// <summary>A command for one sharded entity.</summary>
public interface IEntityCommand : IShelterMessage
{
    string EntityId { get; }
}

/// <summary>
/// Sharding's hand-off and passivation stop: an entity stops only when it reaches this message in its mailbox, so
/// commands that arrived before it (or were stashed while persisting) are handled first and none is lost on rebalance.
/// </summary>
public sealed record StopEntity : IShelterMessage
{
    public static readonly StopEntity Instance = new();
}
