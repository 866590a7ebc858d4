using Akka.Hosting;
using Shelter.Domain;

namespace Shelter.Actors;

public static class SerializationHosting
{
    /// <summary>
    /// The types whose values are journaled, snapshotted or sent between nodes, bound to <see cref="ShelterSerializer"/>
    /// by marker: a new event or message that implements one of them is covered without a line here. The two domain
    /// records that belong to no marker (a shelter's snapshot, an evacuee's answer to a tap) are named.
    /// </summary>
    public static IReadOnlyList<Type> BoundTypes { get; } =
        [typeof(IShelterMessage), typeof(IEvacueeHistory), typeof(IShelterEvent), typeof(IRegistryEvent), typeof(ShelterSnapshot), typeof(EvacueeSnapshot), typeof(TapOutcome)];

    public static AkkaConfigurationBuilder WithShelterSerializer(this AkkaConfigurationBuilder akka) =>
        akka.WithCustomSerializer("shelter", BoundTypes, system => new ShelterSerializer(system));
}
