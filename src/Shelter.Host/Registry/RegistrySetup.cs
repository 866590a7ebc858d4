using Shelter.Access;
using Shelter.Registry;

namespace Shelter.Host.Registry;

/// <summary>Wires the shelter registry: its table in the node's database (beside the access store's), made at start.</summary>
public static class RegistrySetup
{
    public static void AddShelterRegistry(this IServiceCollection services)
    {
        services.AddSingleton(sp => new PlaceStore(sp.GetRequiredService<AccessStore>().Database));
        services.AddSingleton<RegistryImports>();
        services.AddHostedService<RegistryTables>();
    }

    private sealed class RegistryTables(PlaceStore store) : IHostedService
    {
        public Task StartAsync(CancellationToken cancellationToken) => store.Initialize(cancellationToken);

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
