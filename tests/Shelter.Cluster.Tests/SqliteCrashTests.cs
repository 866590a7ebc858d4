using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using Shelter.Credentials;
using Shelter.Credentials.DevPki;
using Shelter.Protocol;

namespace Shelter.Cluster.Tests;

/// <summary>
/// The single-node SQLite journal commits taps in groups. A node killed hard (SIGKILL) or stopped (SIGTERM) in the
/// middle of a burst must still hold every tap it answered <c>accepted</c> (invariant 1), and a node started on the
/// same file must count exactly the evacuees the journal holds (invariant 4). Stopped gracefully, it also answers
/// every tap it took: none waits out its timeout.
/// </summary>
public sealed class SqliteCrashTests : IDisposable
{
    private const string AdminToken = "sqlite-admin-token-for-tests-only-0123456789";
    private readonly string _dir = Directory.CreateTempSubdirectory("shelter-sqlite-crash-").FullName;
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(20) };
    private readonly List<ClusterNode> _nodes = [];

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_node_stopped_in_a_burst_keeps_every_accepted_tap(bool graceful)
    {
        using var ca = DevCertificateAuthority.Create();
        var caFile = await ClusterNode.TrustAnchorFile(ca, _dir);
        var keys = Enumerable.Range(0, 4).Select(_ => ca.Issue()).ToList();
        var people = Enumerable.Range(0, 1_500).Select(i => ca.Reissue(keys[i % keys.Count])).ToList();
        var data = Path.Combine(_dir, "data");

        var first = Start(data, caFile);
        await _http.WaitHealthy(first);
        var token = await _http.OpenShelterWithReader(AdminToken, first, "s", 1000, "crash");
        var taps = people.Select(p => DevTaps.Signed(p, CredentialKind.JpkiCard, "r-s", "s", "check-in", DateTimeOffset.UtcNow)).ToList();

        // Readers keep sending, 32 taps in flight; the node is killed once a third have been accepted.
        var accepted = new List<string>();
        var waitedOut = 0;
        var killed = new TaskCompletionSource();
        var next = -1;
        var sends = Enumerable.Range(0, 32).Select(async _ =>
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < taps.Count)
            {
                try
                {
                    using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(first.Url, ReaderProtocol.TapsPath))
                    {
                        Content = JsonContent.Create(new TapBatch([taps[i]]), options: ReaderProtocol.Json),
                    };
                    request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
                    using var response = await _http.SendAsync(request);
                    var answer = (await response.Content.ReadFromJsonAsync<TapBatchAnswer>(ReaderProtocol.Json))!.Results.Single();
                    lock (accepted)
                    {
                        if (answer.Status == "accepted")
                        {
                            accepted.Add(answer.TapId);
                        }
                        else if (answer.Reason == TapReasons.Unavailable)
                        {
                            waitedOut++;
                        }
                        if (accepted.Count >= taps.Count / 3 && killed.TrySetResult())
                        {
                            if (graceful)
                            {
                                first.Terminate();
                            }
                            else
                            {
                                first.KillHard();
                            }
                        }
                    }
                }
                catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException or JsonException)
                {
                    // in flight when the node died, or sent after: a reader would send it again; not counted as accepted
                }
            }
        }).ToList();
        await Task.WhenAll(sends);
        Assert.True(killed.Task.IsCompleted, "the node answered every tap before it could be killed; the test proves nothing");
        Assert.InRange(accepted.Count, taps.Count / 3, taps.Count - 1);
        if (graceful)
        {
            Assert.Equal(0, await first.Exited(TimeSpan.FromSeconds(60)));
            Assert.Equal(0, waitedOut);
        }

        var journal = JournalTapIds(Path.Combine(data, "shelter.db"));
        Assert.All(accepted, tapId => Assert.Contains(tapId, journal));
        Assert.Equal(journal.Count, journal.Distinct().Count());

        // A new node on the same file: the relay brings every journaled check-in to the shelter, once.
        var second = Start(data, caFile);
        await _http.WaitHealthy(second);
        var shelter = await NodeHttp.Eventually(async () =>
        {
            var response = await _http.Admin(AdminToken, HttpMethod.Get, second, "/api/v1/shelters/s");
            return await response.Content.ReadFromJsonAsync<JsonElement>(NodeHttp.Json);
        }, s => s.GetProperty("occupancy").GetInt32() == journal.Count);
        Assert.Equal(journal.Count, shelter.GetProperty("occupancy").GetInt32());
    }

    private ClusterNode Start(string data, string caFile)
    {
        var node = ClusterNode.StartSqlite(data, caFile, AdminToken);
        _nodes.Add(node);
        return node;
    }

    private static List<string> JournalTapIds(string file)
    {
        var ids = new List<string>();
        using var connection = new SqliteConnection($"Data Source={file};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT message FROM journal WHERE persistence_id LIKE 'evacuee-%'";
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            ids.Add(NodeHttp.TapIdOf((byte[])reader[0]));
        }
        return ids;
    }

    public void Dispose()
    {
        foreach (var node in _nodes)
        {
            node.Dispose();
        }
        _http.Dispose();
        Directory.Delete(_dir, recursive: true);
    }
}
