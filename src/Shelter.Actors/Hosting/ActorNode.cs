using Akka.Actor;
using Akka.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Shelter.Actors;

/// <summary>
/// A node with its actors and nothing else (no web host), started through <see cref="ShelterAkka"/>: what the actor
/// tests and the actor benchmark run.
/// </summary>
public sealed class ActorNode : IAsyncDisposable, IDisposable
{
    private readonly IHost _host;

    private ActorNode(IHost host, ShelterRegions regions)
    {
        _host = host;
        Regions = regions;
    }

    public ActorSystem System => _host.Services.GetRequiredService<ActorSystem>();

    public ShelterRegions Regions { get; }

    /// <param name="configure">More of the chain after Shelter's own, e.g. test settings.</param>
    public static async Task<ActorNode> StartAsync(ShelterActorOptions options, Action<AkkaConfigurationBuilder>? configure = null)
    {
        var builder = new HostApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Services.AddAkka(ShelterAkka.SystemName, akka =>
        {
            akka.WithShelterActors(options);
            configure?.Invoke(akka);
        });
        var host = builder.Build();
        await host.StartAsync();
        return new ActorNode(host, await ShelterRegions.From(host.Services.GetRequiredService<ActorRegistry>()));
    }

    /// <summary>Leaves the cluster and terminates the actor system, as a node's shutdown does.</summary>
    public Task StopAsync() => _host.StopAsync();

    public async ValueTask DisposeAsync()
    {
        await _host.StopAsync();
        _host.Dispose();
    }

    public void Dispose() => DisposeAsync().AsTask().GetAwaiter().GetResult();
}
