using Akka.Actor;
using Akka.Hosting;

namespace Shelter.Actors;

/// <summary>Registry keys of the node's sharded regions and the dashboard projection's proxy (<see cref="IRequiredActor{TActor}"/>).</summary>
public sealed class EvacueeRegion;

/// <inheritdoc cref="EvacueeRegion"/>
public sealed class ShelterRegion;

/// <inheritdoc cref="EvacueeRegion"/>
public sealed class MunicipalityRegion;

/// <summary>The node's regions and the dashboard projection's proxy, once started.</summary>
public sealed record ShelterRegions(IActorRef Evacuees, IActorRef Shelters, IActorRef Municipalities, IActorRef Dashboard)
{
    public static async Task<ShelterRegions> From(IActorRegistry registry, CancellationToken cancel = default) => new(
        await registry.GetAsync<EvacueeRegion>(cancel),
        await registry.GetAsync<ShelterRegion>(cancel),
        await registry.GetAsync<MunicipalityRegion>(cancel),
        await registry.GetAsync<DashboardProjection>(cancel));
}
