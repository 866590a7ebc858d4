using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Options;
using Shelter.Access;
using Shelter.Credentials;
using Shelter.Credentials.DevPki;
using Shelter.Host.Access;
using Shelter.Host.Api;
using Shelter.Host.Options;
using Shelter.Host.Security;
using Shelter.Host.Taps;
using Shelter.Protocol;

namespace Shelter.Host.Demo;

/// <summary>
/// A first look for a newcomer: opens three shelters, registers a reader at each and plays a trickle of taps from
/// development credentials through the real reader API, so the running system visibly does its job.
/// </summary>
public sealed class DemoService(DemoPki pki, IServer server, IHostApplicationLifetime lifetime, BootstrapAdmin admin, AccessService access, IOptions<ShelterOptions> options, ILogger<DemoService> log)
    : BackgroundService
{
    public const string Municipality = "demo-city";

    public const string ViewerTokenFileName = "demo-viewer-token";

    public static string ViewerTokenFile(ShelterOptions options) => Path.GetFullPath(Path.Combine(options.DataDirectory, ViewerTokenFileName));

    /// <summary>A one-time registration code for the station demo's reader at the first shelter, made at each start.</summary>
    public const string StationCodeFileName = "demo-station-code";

    public const string StationReaderId = "station-1";

    public static string StationCodeFile(ShelterOptions options) => Path.GetFullPath(Path.Combine(options.DataDirectory, StationCodeFileName));

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull };

    private static readonly (string Id, string Name, int Capacity, double Latitude, double Longitude)[] Shelters =
    [
        ("demo-1", "輪島市立輪島中学校", 400, 37.3906, 136.8990),
        ("demo-2", "門前町ふれあいセンター", 150, 37.2877, 136.7710),
        ("demo-3", "穴水町総合体育館", 250, 37.2310, 136.9110),
    ];

    private sealed record Person(DevCredential? Credential, CredentialKind Kind, string? CardId);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!pki.Enabled)
        {
            return;
        }
        // Stop playing as soon as the host begins to stop: the service's own token fires only after Kestrel has closed,
        // and a tap posted in between failed as "the reader API did not answer" on every Ctrl+C.
        using var stopping = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken, lifetime.ApplicationStopping);
        var cancel = stopping.Token;
        var started = new TaskCompletionSource();
        using (lifetime.ApplicationStarted.Register(() => started.TrySetResult()))
        {
            await started.Task.WaitAsync(cancel);
        }
        var address = server.Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault() ?? "http://localhost:5000";
        using var http = new HttpClient { BaseAddress = new Uri(address.Replace("0.0.0.0", "127.0.0.1", StringComparison.Ordinal).Replace("[::]", "127.0.0.1", StringComparison.Ordinal)) };
        try
        {
            var readers = await Prepare(http, cancel);
            var people = MakePeople();
            log.LogInformation("Demo: {Shelters} shelters, {People} evacuees with development credentials; a tap every 0.5 s", Shelters.Length, people.Count);
            await Play(http, readers, people, cancel);
        }
        catch (OperationCanceledException) when (cancel.IsCancellationRequested)
        {
        }
        catch (HttpRequestException ex)
        {
            log.LogError(ex, "Demo stopped: the reader API did not answer");
        }
    }

    private async Task<string[]> Prepare(HttpClient http, CancellationToken cancel)
    {
        // The dashboard is for people: they sign in with a viewer token, never the admin's.
        var viewer = await access.Issue(AccessRole.Viewer, "demo viewer", AccessScope.Everything, BootstrapAdmin.TokenId, null);
        OwnerOnlyFile.Write(ViewerTokenFile(options.Value), viewer.Text + Environment.NewLine);
        var readers = new string[Shelters.Length];
        for (var i = 0; i < Shelters.Length; i++)
        {
            var (id, name, capacity, latitude, longitude) = Shelters[i];
            using var open = new HttpRequestMessage(HttpMethod.Post, "/api/v1/shelters")
            {
                Content = JsonContent.Create(new OpenShelterRequest(id, name, capacity, Municipality, "Asia/Tokyo", Latitude: latitude, Longitude: longitude, AllowWalkIns: true)),
            };
            open.Headers.Authorization = new AuthenticationHeaderValue("Bearer", admin.Text);
            (await http.SendAsync(open, cancel)).EnsureSuccessStatusCode();
            using var register = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/shelters/{id}/readers")
            {
                Content = JsonContent.Create(new RegisterReaderRequest($"reader-{id}")),
            };
            register.Headers.Authorization = new AuthenticationHeaderValue("Bearer", admin.Text);
            var response = await http.SendAsync(register, cancel);
            response.EnsureSuccessStatusCode();
            readers[i] = (await response.Content.ReadFromJsonAsync<ReaderRegistrationResponse>(cancel))!.Token;
            // Stock on hand, so the dashboard shows needs against something: the second shelter runs short.
            foreach (var (item, onHand, underWay) in new[] { ("water-liters", 1200, 600), ("meals", i == 1 ? 40 : 900, 200), ("blankets", 250, 0), ("toilets", 6, 2) })
            {
                using var supplies = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/shelters/{id}/supplies")
                {
                    Content = JsonContent.Create(new SupplyReportRequest(item, onHand, underWay)),
                };
                supplies.Headers.Authorization = new AuthenticationHeaderValue("Bearer", admin.Text);
                (await http.SendAsync(supplies, cancel)).EnsureSuccessStatusCode();
            }
        }
        // The station demo registers as a volunteer's station does, with a code from the desk (valid for minutes, once).
        var (code, _, _) = await access.IssueCode(Shelters[0].Id, StationReaderId, BootstrapAdmin.TokenId);
        OwnerOnlyFile.Write(StationCodeFile(options.Value), code + Environment.NewLine);
        return readers;
    }

    private List<Person> MakePeople()
    {
        // RSA keys are slow to make: a few keys, many certificates (each certificate is its own credential).
        var keys = Enumerable.Range(0, 4).Select(_ => pki.Authority.Issue()).ToList();
        var kinds = new[] { CredentialKind.JpkiCard, CredentialKind.JpkiAndroid, CredentialKind.JpkiIphone };
        var people = Enumerable.Range(0, 60).Select(i => new Person(pki.Authority.Reissue(keys[i % keys.Count]), kinds[i % kinds.Length], null)).ToList();
        people.AddRange(Enumerable.Range(0, 4).Select(_ => new Person(pki.Authority.Issue(new DevIssueOptions { KeyKind = DevKeyKind.EcdsaP384 }), CredentialKind.JpkiCard, null)));
        people.AddRange(Enumerable.Range(0, 8).Select(_ => new Person(null, CredentialKind.TemporaryCard, Convert.ToHexString(System.Security.Cryptography.RandomNumberGenerator.GetBytes(8)))));
        return people;
    }

    private async Task Play(HttpClient http, string[] readers, List<Person> people, CancellationToken cancel)
    {
        var random = new Random();
        var where = new Dictionary<Person, int>();
        long sent = 0, accepted = 0;
        using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(500));
        while (await timer.WaitForNextTickAsync(cancel))
        {
            var person = people[random.Next(people.Count)];
            var at = where.TryGetValue(person, out var current) ? current : -1;
            var (shelter, action) = (at, random.Next(10)) switch
            {
                (-1, _) => (random.Next(Shelters.Length), "check-in"),
                (_, < 4) => (at, "meal"),
                (_, < 6) => (at, "supply-pickup"),
                (_, < 8) => (random.Next(Shelters.Length), "check-in"),
                _ => (at, "check-out"),
            };
            var readerId = $"reader-{Shelters[shelter].Id}";
            var tap = person.Credential is null
                ? DevTaps.TemporaryCard(person.CardId!, readerId, Shelters[shelter].Id, action, DateTimeOffset.UtcNow)
                : DevTaps.Signed(person.Credential, person.Kind, readerId, Shelters[shelter].Id, action, DateTimeOffset.UtcNow);
            using var request = new HttpRequestMessage(HttpMethod.Post, ReaderProtocol.TapsPath) { Content = JsonContent.Create(new TapBatch([tap]), options: ReaderProtocol.Json) };
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", readers[shelter]);
            var response = await http.SendAsync(request, cancel);
            var result = (await response.Content.ReadFromJsonAsync<TapBatchAnswer>(cancel))?.Results.Single();
            sent++;
            if (result?.Status == TapStatusCodes.Accepted)
            {
                accepted++;
                if (action == "check-in")
                {
                    where[person] = shelter;
                }
                else if (action == "check-out")
                {
                    where.Remove(person);
                }
            }
            if (sent % 60 == 0)
            {
                log.LogInformation("Demo: {Sent} taps sent, {Accepted} accepted; {Present} evacuees in shelters", sent, accepted, where.Count);
            }
        }
    }
}
