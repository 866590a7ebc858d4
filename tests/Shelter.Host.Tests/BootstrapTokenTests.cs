using System.Net;
using System.Net.Http.Headers;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Shelter.Host.Tests;

/// <summary>A node started without an admin token makes one, keeps it in a file only its user reads, and never logs it.</summary>
public sealed class BootstrapTokenTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("shelter-bootstrap-").FullName;

    [Fact]
    public async Task The_made_admin_token_is_in_an_owner_only_file_and_in_no_log_line()
    {
        var log = new RecordingLoggerProvider(LogLevel.Trace);
        var data = Path.Combine(_dir, "data");
        await using (var app = ShelterApp.Build([], builder =>
        {
            builder.Configuration["Urls"] = "http://127.0.0.1:0";
            builder.Configuration["Shelter:DataDirectory"] = data;
            builder.Configuration["Logging:LogLevel:Default"] = "Trace";
            builder.Logging.AddProvider(log);
        }))
        {
            await app.StartAsync();
            var file = Path.Combine(data, "admin-token");
            var token = (await File.ReadAllTextAsync(file)).Trim();
            Assert.Matches("^sadm_[a-z2-9]{16}_[0-9a-f]{64}$", token);
            if (!OperatingSystem.IsWindows())
            {
                Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(file));
            }
            var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
            using var http = new HttpClient { BaseAddress = new Uri(address) };
            using var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/tokens");
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
            Assert.Equal(HttpStatusCode.OK, (await http.SendAsync(request)).StatusCode);
            await app.StopAsync();

            Assert.Contains(log.Warnings, line => line.Contains(file, StringComparison.Ordinal));
            Assert.DoesNotContain(log.Warnings, line => line.Contains(token[5..21], StringComparison.Ordinal) || line.Contains(token[22..], StringComparison.Ordinal));
        }

        // The same file on the next start: the token stays what the operator already has.
        await using var again = ShelterApp.Build([], builder =>
        {
            builder.Configuration["Urls"] = "http://127.0.0.1:0";
            builder.Configuration["Shelter:DataDirectory"] = data;
        });
        var before = await File.ReadAllTextAsync(Path.Combine(data, "admin-token"));
        await again.StartAsync();
        Assert.Equal(before, await File.ReadAllTextAsync(Path.Combine(data, "admin-token")));
        await again.StopAsync();
    }

    [Fact]
    public void A_short_configured_admin_token_stops_the_start_with_a_reason()
    {
        var app = ShelterApp.Build([], builder =>
        {
            builder.Configuration["Urls"] = "http://127.0.0.1:0";
            builder.Configuration["Shelter:DataDirectory"] = Path.Combine(_dir, "short");
            builder.Configuration["Shelter:AdminToken"] = "x";
        });
        var failure = Assert.ThrowsAny<Exception>(() => app.Services.GetRequiredService<Access.BootstrapAdmin>());
        Assert.Contains("at least 32 characters", failure.Message, StringComparison.Ordinal);
    }

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(_dir, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
