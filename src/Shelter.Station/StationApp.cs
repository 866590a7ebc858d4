using System.Net;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Shelter.Station.Screen;

namespace Shelter.Station;

/// <summary>How the station is put together; <see cref="StationProgram"/> and the tests both build it through here.</summary>
public static class StationApp
{
    private static readonly Dictionary<string, string> Switches = new(StringComparer.Ordinal)
    {
        ["--server"] = "Station:Server",
        ["--port"] = "Station:Port",
        ["--data"] = "Station:DataDirectory",
        ["--config"] = "Station:ConfigFile",
    };

    public static WebApplication Build(string[] args, Action<WebApplicationBuilder>? configure = null)
    {
        var demo = args.Contains("--demo");
        args = [.. args.Where(a => a != "--demo")];
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = [], ContentRootPath = AppContext.BaseDirectory });
        builder.Configuration.AddJsonFile("station.json", optional: true);
        var switches = new ConfigurationBuilder().AddCommandLine(args, Switches).Build();
        if (switches["Station:ConfigFile"] is { } file)
        {
            builder.Configuration.AddJsonFile(Path.GetFullPath(file), optional: false);
        }
        builder.Configuration.AddEnvironmentVariables("SHELTER_");
        builder.Configuration.AddCommandLine(args, Switches);
        if (demo)
        {
            builder.Configuration["Station:Demo"] = "true";
        }
        configure?.Invoke(builder);

        builder.Services.AddOptions<StationOptions>().Bind(builder.Configuration.GetSection(StationOptions.Section)).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddProblemDetails();
        builder.Services.ConfigureHttpJsonOptions(json => json.SerializerOptions.Encoder = System.Text.Encodings.Web.JavaScriptEncoder.Create(System.Text.Unicode.UnicodeRanges.All));
        builder.Logging.AddSimpleConsole(console =>
        {
            console.SingleLine = true;
            console.TimestampFormat = "HH:mm:ss ";
        });
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.AddSingleton(sp =>
        {
            var options = sp.GetRequiredService<IOptions<StationOptions>>().Value;
            return new StationScreen(sp.GetRequiredService<TimeProvider>(), options.AnswerShownFor, options.Demo);
        });
        builder.Services.AddSingleton(sp => new ScreenPinPad(sp.GetRequiredService<StationScreen>(), sp.GetRequiredService<IOptions<StationOptions>>().Value.PinTimeout));
        builder.Services.AddSingleton(sp => new ScreenSessions(Path.GetFullPath(Path.Combine(sp.GetRequiredService<IOptions<StationOptions>>().Value.DataDirectory, "screen-url"))));
        builder.Services.AddSingleton<StationRuntime>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<StationRuntime>());
        var port = builder.Configuration.GetValue("Station:Port", 5180);
        // The screen is for this machine's kiosk browser only: it listens on loopback, never on another interface.
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, port));

        var app = builder.Build();
        app.UseExceptionHandler();
        app.UseScreenGuard();
        app.MapScreen();
        app.Lifetime.ApplicationStarted.Register(() =>
        {
            var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
            var sessions = app.Services.GetRequiredService<ScreenSessions>();
            sessions.Start(new Uri(address).Port);
            app.Logger.LogInformation("Station screen on {Address}; open the start link in {LinkFile} (it works once, then a new one is written there)",
                address, sessions.LinkFile);
        });
        return app;
    }
}

/// <summary>
/// <c>dotnet run --project src/Shelter.Station -- --server URL [--port N] [--config FILE] [--demo]</c>; the
/// registration code comes on standard input or the screen, never as an argument.
/// </summary>
public static class StationProgram
{
    public static async Task<int> Main(string[] args)
    {
        try
        {
            await StationApp.Build(args).RunAsync();
            return 0;
        }
        catch (OptionsValidationException ex)
        {
            await Console.Error.WriteLineAsync(string.Join(Environment.NewLine, ex.Failures));
            return 2;
        }
        catch (Server.StationSetupException ex)
        {
            await Console.Error.WriteLineAsync(ex.Message);
            return 2;
        }
    }
}
