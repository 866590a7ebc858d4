using Shelter.Actors;

namespace Shelter.Host;

/// <summary>The node's sharded regions, available once the actor system has started.</summary>
public sealed class ShelterNode
{
    private readonly TaskCompletionSource<ShelterRegions> _regions = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public Task<ShelterRegions> Regions => _regions.Task;

    public bool IsStarted => _regions.Task.IsCompletedSuccessfully;

    internal void Started(ShelterRegions regions) => _regions.TrySetResult(regions);
}
