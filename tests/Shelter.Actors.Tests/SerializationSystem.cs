using Akka.Actor;
using Akka.Actor.Setup;
using Akka.Serialization;
using Shelter.Actors;

namespace Shelter.Actors.Tests;

/// <summary>A bare actor system whose serialization binds <see cref="ShelterSerializer"/> as a node does, for reading and writing payloads.</summary>
public static class SerializationSystem
{
    public static ActorSystem Create(string name) => ActorSystem.Create(name, ActorSystemSetup.Create(SerializationSetup.Create(system =>
        [SerializerDetails.Create("shelter", new ShelterSerializer(system), [.. SerializationHosting.BoundTypes])])));
}
