using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Npgsql;
using Shelter.Credentials;
using Shelter.Credentials.DevPki;
using Shelter.Protocol;

namespace Shelter.Cluster.Tests;

/// <summary>
/// PostgreSQL hands out a journal row's ordering when it is inserted, not when it commits: a write that commits after
/// a later one leaves a gap that the relay must wait at, or it reads past the row and the shelter never counts it. A
/// write held open here stands in for a slow commit; a write rolled back, for a gap that is never filled.
/// </summary>
public sealed class JournalGapTests : IDisposable
{
    private const string AdminToken = "gap-admin-token-for-tests-only-0123456789";
    private const string Shelter = "gap";

    /// <summary>Longer than the read journal's own gap allowance at Shelter's polling (ten polls of 100 ms).</summary>
    private static readonly TimeSpan SlowCommit = TimeSpan.FromSeconds(3);

    private readonly string _dir = Directory.CreateTempSubdirectory("shelter-gap-").FullName;
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(20) };
    private ClusterNode? _node;
    private ClusterDatabase? _database;

    [PostgresFact]
    public async Task A_write_that_commits_behind_later_ones_still_reaches_its_shelter()
    {
        _database = await ClusterDatabase.Create("shelter_gap");
        using var ca = DevCertificateAuthority.Create();
        var caFile = await ClusterNode.TrustAnchorFile(ca, _dir);
        var port = ClusterNode.FreePort();
        _node = ClusterNode.Start(0, port, [port], Path.Combine(_dir, "node"), _database.ConnectionString, caFile, AdminToken);
        await _http.WaitHealthy(_node);
        var token = await _http.OpenShelterWithReader(AdminToken, _node, Shelter, 100, "gap");
        var key = ca.Issue();

        await CheckIn(token, ca.Reissue(key));
        Assert.Equal(1, await Occupancy(1));

        await using var connection = new NpgsqlConnection(_database.ConnectionString);
        await connection.OpenAsync();
        await using (var late = await connection.BeginTransactionAsync())
        {
            await CopyFirstCheckIn(connection, late, "evacuee-late-commit");
            await CheckIn(token, ca.Reissue(key));
            await CheckIn(token, ca.Reissue(key));
            // The stimulus is time itself: the commit must come later than the plugin's own allowance would wait.
            await Task.Delay(SlowCommit);
            await late.CommitAsync();
        }
        Assert.Equal(4, await Occupancy(4));

        await using (var rolledBack = await connection.BeginTransactionAsync())
        {
            await CopyFirstCheckIn(connection, rolledBack, "evacuee-rolled-back");
            await rolledBack.RollbackAsync();
        }
        await CheckIn(token, ca.Reissue(key));
        Assert.Equal(5, await Occupancy(5));
    }

    /// <summary>Inserts, inside <paramref name="transaction"/>, the journal's first check-in again as another evacuee's.</summary>
    private static async Task CopyFirstCheckIn(NpgsqlConnection connection, NpgsqlTransaction transaction, string persistenceId)
    {
        await using var command = new NpgsqlCommand(
            """
            INSERT INTO journal (created, deleted, persistence_id, sequence_number, message, manifest, identifier, writer_uuid)
            SELECT created, deleted, @id, 1, message, manifest, identifier, writer_uuid FROM journal
            WHERE persistence_id LIKE 'evacuee-%' AND manifest = 'evacuee.checked-in.v1' ORDER BY ordering LIMIT 1
            """, connection, transaction);
        command.Parameters.AddWithValue("id", persistenceId);
        Assert.Equal(1, await command.ExecuteNonQueryAsync());
    }

    private async Task CheckIn(string token, DevCredential person)
    {
        var tap = DevTaps.Signed(person, CredentialKind.JpkiCard, "r-gap", Shelter, "check-in", DateTimeOffset.UtcNow);
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(_node!.Url, ReaderProtocol.TapsPath))
        {
            Content = JsonContent.Create(new TapBatch([tap]), options: ReaderProtocol.Json),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using var response = await _http.SendAsync(request);
        var answer = (await response.Content.ReadFromJsonAsync<TapBatchAnswer>(ReaderProtocol.Json))!.Results.Single();
        Assert.True(answer.Status == "accepted", $"{answer.Status} {answer.Reason} {answer.Message}");
    }

    private async Task<int> Occupancy(int expected)
    {
        var view = await NodeHttp.Eventually(async () =>
        {
            var response = await _http.Admin(AdminToken, HttpMethod.Get, _node!, $"/api/v1/shelters/{Shelter}");
            return await response.Content.ReadFromJsonAsync<JsonElement>(NodeHttp.Json);
        }, v => v.GetProperty("occupancy").GetInt32() == expected);
        return view.GetProperty("occupancy").GetInt32();
    }

    public void Dispose()
    {
        _node?.Dispose();
        _http.Dispose();
        _database?.Dispose();
        Directory.Delete(_dir, recursive: true);
    }
}
