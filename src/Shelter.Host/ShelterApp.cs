using Akka.Hosting;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Shelter.Actors;
using Shelter.Credentials;
using Shelter.Credentials.Revocation;
using Shelter.Host.Access;
using Shelter.Host.Api;
using Shelter.Host.Dashboard;
using Shelter.Host.Demo;
using Shelter.Host.Health;
using Shelter.Host.Options;
using Shelter.Host.Privacy;
using Shelter.Host.Registry;
using Shelter.Host.Reports;
using Shelter.Host.Taps;
using Shelter.Host.Telemetry;

namespace Shelter.Host;

/// <summary>How a Shelter node is put together; <c>Program</c> and the host tests both build it through here.</summary>
public static class ShelterApp
{
    public static WebApplication Build(string[] args, Action<WebApplicationBuilder>? configure = null)
    {
        // Settings ship beside the binary; without this, starting the published DLL from another folder would lose
        // appsettings.json (and with it the log levels that keep per-request logging off the hot path).
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            Args = args.Where(a => a != "--demo").ToArray(),
            ContentRootPath = AppContext.BaseDirectory,
        });
        if (args.Contains("--demo"))
        {
            builder.Configuration["Shelter:Demo"] = "true";
        }
        configure?.Invoke(builder);
        builder.AddShelterTransport();
        builder.AddShelter();
        var app = builder.Build();
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseShelterTransport();
        app.UseSecurityHeaders();
        app.UseDefaultFiles();
        app.UseStaticFiles();
        app.UseRouting();
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseRateLimiter();
        app.MapOpenApi().AllowAnonymous();
        app.MapShelterHealth();
        app.MapAccessEndpoints();
        app.MapShelterEndpoints();
        app.MapEvacueeEndpoints();
        app.MapPeopleEndpoints();
        app.MapDeskEndpoints();
        app.MapCardReadingEndpoints();
        app.MapCrlEndpoints();
        app.MapRetentionEndpoints();
        app.MapRegistryEndpoints();
        app.MapReportEndpoints();
        app.MapShelterMetrics();
        app.MapTapEndpoints();
        app.MapDashboardEndpoints();
        return app;
    }

    public static void AddShelter(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        var configuration = builder.Configuration;
        services.AddOptions<ShelterOptions>().Bind(configuration.GetSection(ShelterOptions.Section)).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<CredentialOptions>().Bind(configuration.GetSection(CredentialOptions.Section)).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<DashboardOptions>().Bind(configuration.GetSection(DashboardOptions.Section)).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<Shelter.Domain.SupplyRates>().Bind(configuration.GetSection("Shelter:Supplies"));
        services.AddOptions<ShelterActorOptions>().Bind(configuration.GetSection("Shelter:Akka")).ValidateDataAnnotations().ValidateOnStart().PostConfigure<IOptions<ShelterOptions>>((actors, shelter) =>
        {
            if (string.IsNullOrWhiteSpace(configuration["Shelter:Akka:ConnectionString"]))
            {
                actors.ConnectionString = $"Data Source={Path.Combine(shelter.Value.DataDirectory, "shelter.db")}";
            }
        });
        services.AddProblemDetails(problems => problems.CustomizeProblemDetails = StatusReasons.Add);
        services.AddExceptionHandler<ClientFaults>();
        services.AddShelterAccess(configuration);
        services.AddShelterRegistry();
        services.AddShelterPrivacy(configuration);
        services.AddShelterTelemetry(configuration);
        // Shelter names are Japanese: send them as text, not \u escapes, so people reading curl output can.
        services.ConfigureHttpJsonOptions(json => json.SerializerOptions.Encoder =
            System.Text.Encodings.Web.JavaScriptEncoder.Create(System.Text.Unicode.UnicodeRanges.All));
        services.AddOpenApi(openApi => openApi.AddDocumentTransformer<SecuritySchemes>().AddOperationTransformer<ProblemResponses>());
        services.AddOptions<ReadSideOptions>().Bind(configuration.GetSection(ReadSideOptions.Section)).ValidateDataAnnotations().ValidateOnStart();
        services.AddShelterHealthChecks();
        services.AddSingleton<ReadSideMonitor>();
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<ShelterDirectory>();
        services.AddSingleton<PlaceAccess>();
        services.AddSingleton<DashboardScopeAccess>();
        services.AddSingleton<HubSessions>();
        services.AddSingleton<ServerNonces>();
        services.AddSingleton<TapProcessor>();
        services.AddSingleton<DemoPki>();
        services.AddSingleton<HoldList>();
        services.AddSingleton(sp => BuildTrustAnchors(sp));
        services.AddSingleton(sp => new CrlStore(sp.GetRequiredService<TrustAnchors>()));
        services.AddSingleton(BuildVerifier);
        services.AddSingleton(sp => new Revocation.CrlArchive(sp.GetRequiredService<Shelter.Access.AccessStore>().Database));
        services.AddHostedService<Revocation.CrlFollower>();
        services.AddHostedService<StartupBanner>();
        services.AddHostedService<DemoService>();
        services.AddSingleton<DashboardState>();
        services.AddHostedService<DashboardBroadcaster>();
        // A viewer that reads slowly holds at most this much of ours; updates are whole pictures, so nothing is lost by waiting.
        services.AddSignalR(hub => hub.MaximumReceiveMessageSize = 32 * 1024);
        services.AddAkka(ShelterAkka.SystemName, (akka, sp) => akka
            .ConfigureLoggers(loggers => loggers.AddLoggerFactory())
            .WithShelterActors(sp.GetRequiredService<IOptions<ShelterActorOptions>>().Value));
        services.AddHostedService(sp => sp.GetRequiredService<ReadSideMonitor>());
        // The web server stops first (it is the last service added) and lets the requests inside finish, each within
        // the tap timeout; then the actor system leaves the cluster and hands its shards off.
        services.Configure<HostOptions>(host => host.ShutdownTimeout = TimeSpan.FromSeconds(45));
    }

    private static TrustAnchors BuildTrustAnchors(IServiceProvider sp)
    {
        var options = sp.GetRequiredService<IOptions<CredentialOptions>>().Value;
        var anchors = options.TrustAnchors.Count == 0 ? TrustAnchors.JLisUserAuthentication() : TrustAnchors.FromFiles(options.TrustAnchors);
        var demo = sp.GetRequiredService<DemoPki>();
        return demo.Enabled ? anchors.With(TrustAnchor.Load(demo.Authority.CertificateDer)) : anchors;
    }

    private static CredentialVerifier BuildVerifier(IServiceProvider sp)
    {
        var options = sp.GetRequiredService<IOptions<CredentialOptions>>().Value;
        var log = sp.GetRequiredService<ILogger<CredentialVerifier>>();
        var crls = sp.GetRequiredService<CrlStore>();
        foreach (var file in options.CrlFiles)
        {
            var import = crls.ImportFile(file);
            if (!import.Imported)
            {
                throw new InvalidOperationException($"CRL {file}: {import.Error}");
            }
            log.LogInformation("CRL {File} from {Issuer}: {Count} revoked", file, import.Issuer, import.RevokedCount);
        }
        var holds = sp.GetRequiredService<HoldList>();
        if (options.HoldListFile is { } holdFile)
        {
            log.LogInformation("{Count} credentials on hold from {File}", holds.ImportFile(holdFile), holdFile);
        }
        var allowTestRoots = options.AllowTestRoots || sp.GetRequiredService<DemoPki>().Enabled;
        return new CredentialVerifier(sp.GetRequiredService<TrustAnchors>(),
            new CredentialVerifierOptions { AllowTestRoots = allowTestRoots, ChainCacheBytes = options.ChainCacheBytes, RefusedCacheBytes = options.RefusedCacheBytes }, crls, holds);
    }
}
