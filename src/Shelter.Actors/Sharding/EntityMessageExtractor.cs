using Akka.Cluster.Sharding;

namespace Shelter.Actors;

/// <summary>Routes every <see cref="IEntityCommand"/> to its entity by the ID it names; shards by a stable hash of that ID.</summary>
public sealed class EntityMessageExtractor(int numberOfShards) : HashCodeMessageExtractor(numberOfShards)
{
    public override string? EntityId(object message) => message switch
    {
        IEntityCommand command => command.EntityId,
        _ => null,
    };
}
