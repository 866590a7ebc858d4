using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Serialization;
using Npgsql;
using Shelter.Credentials;
using Shelter.Credentials.DevPki;
using Shelter.Protocol;

namespace Shelter.Cluster.Tests;

/// <summary>
/// Three nodes (separate processes) on one PostgreSQL journal. Signed taps go to all of them; one is killed hard
/// midway; readers retry what went unanswered on the others. Afterwards every accepted tap is in the journal exactly
/// once, occupancy and meals are exact, and the dead node's entities answer again from the survivors.
/// </summary>
public sealed class NodeLossTests : IDisposable
{
    private const string AdminToken = "cluster-admin-token-for-tests-only-0123456789";
    private static readonly JsonSerializerOptions Json = NodeHttp.Json;
    private static readonly string[] Shelters = ["ca", "cb", "cc"];

    private readonly string _dir = Directory.CreateTempSubdirectory("shelter-cluster-").FullName;
    private readonly List<ClusterNode> _nodes = [];
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(20) };
    private readonly Dictionary<int, string?> _location = [];
    private readonly HashSet<(int, string)> _meals = [];
    private readonly HashSet<string> _accepted = [];
    private ClusterDatabase? _database;

    [PostgresFact]
    public async Task Losing_a_node_loses_no_accepted_tap()
    {
        _database = await ClusterDatabase.Create("shelter_cluster");
        var journal = _database.ConnectionString;

        using var ca = DevCertificateAuthority.Create();
        var caFile = await ClusterNode.TrustAnchorFile(ca, _dir);
        var keys = Enumerable.Range(0, 4).Select(_ => ca.Issue()).ToList();
        var people = Enumerable.Range(0, 60).Select(i => ca.Reissue(keys[i % keys.Count])).ToList();

        _nodes.AddRange(await ClusterNode.StartCluster(3, _dir, journal, caFile, AdminToken, _http));

        var tokens = new Dictionary<string, string>();
        foreach (var shelter in Shelters)
        {
            tokens[shelter] = await _http.OpenShelterWithReader(AdminToken, _nodes[0], shelter, 100, "cluster");
        }

        var round = 0;
        async Task Round(Func<int, (string Shelter, string Action)?> plan)
        {
            round++;
            await Task.WhenAll(people.Select(async (person, i) =>
            {
                if (plan(i) is { } step)
                {
                    var tap = DevTaps.Signed(person, CredentialKind.JpkiCard, "r-" + step.Shelter, step.Shelter, step.Action, DateTimeOffset.UtcNow);
                    Apply(i, tap, await Post(tokens[step.Shelter], tap, (i + round) % 3));
                }
            }));
        }

        await Round(i => (Shelters[i % 3], "check-in"));
        await Round(i => i % 2 == 0 ? (_location[i]!, "meal") : null);

        _nodes[2].KillHard();

        await Round(i => i < 20 ? (Shelters[(i + 1) % 3], "check-in") : null);
        await Round(i => i is >= 20 and < 30 ? (_location[i]!, "check-out") : null);
        await Round(i => i >= 30 && _location[i] is { } at ? (at, "meal") : null);
        await Round(i => i >= 40 && _location[i] is { } at ? (at, "supply-pickup") : null);

        // Every accepted tap is in the journal exactly once.
        var tapIds = await _database.EvacueeTapIds();
        foreach (var accepted in _accepted)
        {
            Assert.Equal(1, tapIds.Count(t => t == accepted));
        }
        Assert.Equal(tapIds.Count, tapIds.Distinct().Count());

        // Occupancy and meals are exact, read through a survivor.
        foreach (var shelter in Shelters)
        {
            var expected = _location.Values.Count(v => v == shelter);
            var expectedMeals = _meals.Count(m => m.Item2 == shelter);
            static int Meals(JsonElement v) => v.GetProperty("mealsByPeriod").EnumerateObject().Sum(p => p.Value.GetInt32());
            // The relay may hand a shelter its check-ins before the meals written after them: wait for both figures.
            var view = await NodeHttp.Eventually(async () =>
            {
                var response = await _http.Admin(AdminToken, HttpMethod.Get, _nodes[1], $"/api/v1/shelters/{shelter}");
                return await response.Content.ReadFromJsonAsync<JsonElement>(Json);
            }, v => v.GetProperty("occupancy").GetInt32() == expected && Meals(v) == expectedMeals);
            Assert.Equal((expected, expectedMeals), (view.GetProperty("occupancy").GetInt32(), Meals(view)));
        }

        // The dead node's entities answer again, from the others.
        for (var i = 0; i < people.Count; i++)
        {
            var response = await _http.Admin(AdminToken, HttpMethod.Post, _nodes[i % 2], "/api/v1/evacuees/lookup",
                new { kind = "jpki-card", certificate = Convert.ToBase64String(people[i].CertificateDer) });
            var evacuee = await response.Content.ReadFromJsonAsync<JsonElement>(Json);
            Assert.Equal(_location[i], evacuee.GetProperty("currentShelterId").GetString());
        }
    }

    private void Apply(int person, ReaderTap tap, TapAnswer answer)
    {
        lock (_location)
        {
            var took = answer.Status == "accepted" || (answer.Status == "duplicate" && answer.Outcome is not null);
            if (!took)
            {
                Assert.True(answer.Reason == "meal-already-served", $"tap {tap.TapId} rejected: {answer.Reason} {answer.Message}");
                return;
            }
            _accepted.Add(tap.TapId);
            switch (answer.Outcome)
            {
                case "checked-in" or "moved":
                    _location[person] = tap.ShelterId;
                    break;
                case "checked-out":
                    _location[person] = null;
                    break;
                case "meal-served":
                    _meals.Add((person, tap.ShelterId));
                    break;
            }
        }
    }

    /// <summary>As a reader would: send, and if nothing or "unavailable" comes back, send the same tap again, to the next node.</summary>
    private async Task<TapAnswer> Post(string token, ReaderTap tap, int preferred)
    {
        var deadline = DateTime.UtcNow.AddMinutes(2);
        for (var attempt = 0; ; attempt++)
        {
            var node = _nodes[(preferred + attempt) % _nodes.Count];
            try
            {
                using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(node.Url, ReaderProtocol.TapsPath)) { Content = JsonContent.Create(new TapBatch([tap]), options: ReaderProtocol.Json) };
                request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
                using var response = await _http.SendAsync(request);
                if (response.IsSuccessStatusCode)
                {
                    var answer = (await response.Content.ReadFromJsonAsync<TapBatchAnswer>(ReaderProtocol.Json))!.Results.Single();
                    if (answer.Reason != "unavailable")
                    {
                        return answer;
                    }
                }
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
            {
                // the node is gone or slow: the reader tries again elsewhere
            }
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"tap {tap.TapId} got no answer from any node in 2 minutes\n" + string.Join("\n", _nodes.Select(n => n.Log)));
            }
            await Task.Delay(300);
        }
    }

    public void Dispose()
    {
        foreach (var node in _nodes)
        {
            node.Dispose();
        }
        _http.Dispose();
        _database?.Dispose();
        Directory.Delete(_dir, recursive: true);
    }
}
