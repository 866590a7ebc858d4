using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Options;
using Shelter.Actors;
using Shelter.Host.Access;
using Shelter.Host.Options;
using Shelter.Persistence.Sqlite;

namespace Shelter.Host;

/// <summary>Tells the operator, once the node listens, where it is and how to get going.</summary>
public sealed class StartupBanner(IServer server, IHostApplicationLifetime lifetime, BootstrapAdmin admin, IOptions<ShelterOptions> options, IOptions<TransportOptions> transport,
    IOptions<ShelterActorOptions> actors, Shelter.Credentials.CredentialVerifier verifier, ILogger<StartupBanner> log) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        lifetime.ApplicationStarted.Register(() =>
        {
            var addresses = server.Features.Get<IServerAddressesFeature>()?.Addresses ?? [];
            if (Transport.ExposedPlainAddresses(addresses, transport.Value) is { Count: > 0 } exposed)
            {
                log.LogCritical("Refusing to serve plain HTTP beyond loopback ({Addresses}): tokens and taps would travel in clear. Serve HTTPS "
                    + "(Kestrel:Certificates:Default) or, behind a TLS proxy, set Shelter:Transport:BehindTlsProxy=true (docs/operations.md)", string.Join(", ", exposed));
                lifetime.StopApplication();
                return;
            }
            var url = addresses.FirstOrDefault() ?? "http://localhost:5000";
            log.LogInformation("Shelter listens on {Addresses}; ready at {Url}/ready (detail at {Url}/health), API description at {Url}/openapi/v1.json",
                string.Join(", ", addresses), url, url, url);
            log.LogInformation("Journal: {Provider} (for SQLite: {SqliteJournal} journal, {Synchronous} sync); development mode (test cards accepted): {Dev}",
                actors.Value.Provider, actors.Value.SqliteJournal, actors.Value.SqliteSynchronous, verifier.AllowTestRoots);
            // A relative data folder follows the working directory; naming it in full shows when a node was started from
            // another folder and so opened an empty journal.
            log.LogInformation("Data folder: {DataDirectory}{Journal}", Path.GetFullPath(options.Value.DataDirectory),
                actors.Value.Provider == JournalProvider.Sqlite
                    ? "; journal file " + Path.GetFullPath(new Microsoft.Data.Sqlite.SqliteConnectionStringBuilder(actors.Value.ConnectionString).DataSource)
                    : string.Empty);
            if (admin.File is { } file)
            {
                log.LogInformation("Admin token: in {File}, readable by this user only (set Shelter__AdminToken to choose your own)", file);
            }
            log.LogInformation(
                "Open a shelter and get a reader token:\n  curl -s -X POST {Url}/api/v1/shelters -H \"Authorization: Bearer $(cat <admin token file>)\" -H 'Content-Type: application/json' -d '{{\"id\":\"s1\",\"name\":\"Hall 1\",\"capacity\":300,\"municipality\":\"wajima\"}}'\n  curl -s -X POST {Url}/api/v1/shelters/s1/readers -H \"Authorization: Bearer $(cat <admin token file>)\" -H 'Content-Type: application/json' -d '{{\"readerId\":\"r1\"}}'",
                url, url);
            if (options.Value.Demo)
            {
                log.LogInformation("Demo mode: opening demo shelters and playing taps; open {Url}/ and sign in with the viewer token in {File}. "
                    + "A registration code for the station demo (valid 10 min, once) is in {CodeFile}", url,
                    Demo.DemoService.ViewerTokenFile(options.Value), Demo.DemoService.StationCodeFile(options.Value));
            }
        });
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
