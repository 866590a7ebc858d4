using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Shelter.Credentials;
using Shelter.Credentials.DevPki;
using Shelter.Protocol;

namespace Shelter.Cluster.Tests;

/// <summary>
/// Two nodes on one PostgreSQL database: a person registered on one is linked to a phone tapped on the other, and a
/// hold placed on either node is honoured by both within seconds, until it is lifted; a CRL imported on one node
/// revokes on both.
/// </summary>
public sealed class DeskAcrossNodesTests : IDisposable
{
    private const string AdminToken = "desk-cluster-admin-token-for-tests-only-0123456789";

    private readonly string _dir = Directory.CreateTempSubdirectory("shelter-desk-cluster-").FullName;
    private readonly List<ClusterNode> _nodes = [];
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(20) };
    private ClusterDatabase? _database;

    [PostgresFact]
    public async Task A_link_a_hold_and_a_crl_made_on_one_node_hold_on_both()
    {
        _database = await ClusterDatabase.Create("shelter_desk_cluster");
        using var ca = DevCertificateAuthority.Create();
        var caFile = await ClusterNode.TrustAnchorFile(ca, _dir);
        _nodes.AddRange(await ClusterNode.StartCluster(2, _dir, _database.ConnectionString, caFile, AdminToken, _http));
        var reader = await _http.OpenShelterWithReader(AdminToken, _nodes[0], "dk", 50, "desk-cluster");
        using var phone = ca.Issue();
        Assert.Equal("checked-in", (await Tap(reader, phone, "check-in", _nodes[1])).Outcome);

        // The same credential has the same pseudonym on both nodes (one privacy key), so either finds it.
        var lookup = new { kind = "jpki-card", certificate = Convert.ToBase64String(phone.CertificateDer) };
        var ids = new List<string>();
        foreach (var node in _nodes)
        {
            var found = await _http.Admin(AdminToken, HttpMethod.Post, node, "/api/v1/evacuees/lookup", lookup);
            ids.Add((await found.Content.ReadFromJsonAsync<JsonElement>(NodeHttp.Json)).GetProperty("evacueeId").GetString()!);
        }
        Assert.Single(ids.Distinct());
        var evacueeId = ids[0];

        var registered = await _http.Admin(AdminToken, HttpMethod.Post, _nodes[0], "/api/v1/people",
            new { municipality = "desk-cluster", shelterId = "dk", stay = "shelter", consent = Array.Empty<string>() });
        var person = (await registered.Content.ReadFromJsonAsync<JsonElement>(NodeHttp.Json)).GetProperty("personId").GetString()!;
        var preview = await _http.Admin(AdminToken, HttpMethod.Post, _nodes[1], $"/api/v1/people/{person}/credentials/preview", new { evacueeId });
        var confirmation = (await preview.Content.ReadFromJsonAsync<JsonElement>(NodeHttp.Json)).GetProperty("confirmation").GetString();
        await _http.Admin(AdminToken, HttpMethod.Post, _nodes[0], $"/api/v1/people/{person}/credentials", new { evacueeId, confirmation });
        Assert.Equal("meal-served", (await Tap(reader, phone, "meal", _nodes[1])).Outcome);
        var merged = await _http.Admin(AdminToken, HttpMethod.Post, _nodes[0], "/api/v1/evacuees/lookup", lookup);
        Assert.Equal(person, (await merged.Content.ReadFromJsonAsync<JsonElement>(NodeHttp.Json)).GetProperty("evacueeId").GetString());

        await _http.Admin(AdminToken, HttpMethod.Put, _nodes[0], $"/api/v1/evacuees/{evacueeId}/hold", new { reason = "phone lost" });
        foreach (var node in _nodes)
        {
            var held = await NodeHttp.Eventually(() => Tap(reader, phone, "supply-pickup", node), a => a.Reason == "on-hold");
            Assert.Equal("on-hold", held.Reason);
        }
        await _http.Admin(AdminToken, HttpMethod.Delete, _nodes[1], $"/api/v1/evacuees/{evacueeId}/hold");
        foreach (var node in _nodes)
        {
            var lifted = await NodeHttp.Eventually(() => Tap(reader, phone, "supply-pickup", node), a => a.Status == TapStatusCodes.Accepted);
            Assert.Equal("supply-picked-up", lifted.Outcome);
        }

        using (var import = new HttpRequestMessage(HttpMethod.Post, new Uri(_nodes[1].Url, "/api/v1/crls")) { Content = new ByteArrayContent(ca.CreateCrl([phone.CertificateDer])) })
        {
            import.Content.Headers.ContentType = new MediaTypeHeaderValue("application/pkix-crl");
            import.Headers.Authorization = new AuthenticationHeaderValue("Bearer", AdminToken);
            using var imported = await _http.SendAsync(import);
            Assert.Equal(System.Net.HttpStatusCode.Created, imported.StatusCode);
        }
        foreach (var node in _nodes)
        {
            var revoked = await NodeHttp.Eventually(() => Tap(reader, phone, "supply-pickup", node), a => a.Reason == "revoked");
            Assert.Equal("revoked", revoked.Reason);
        }
    }

    private async Task<TapAnswer> Tap(string token, DevCredential credential, string action, ClusterNode node)
    {
        var tap = DevTaps.Signed(credential, CredentialKind.JpkiCard, "r-dk", "dk", action, DateTimeOffset.UtcNow);
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(node.Url, ReaderProtocol.TapsPath))
        {
            Content = JsonContent.Create(new TapBatch([tap]), options: ReaderProtocol.Json),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using var response = await _http.SendAsync(request);
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<TapBatchAnswer>(ReaderProtocol.Json))!.Results.Single();
    }

    public void Dispose()
    {
        foreach (var node in _nodes)
        {
            node.Dispose();
        }
        _http.Dispose();
        _database?.Dispose();
        try
        {
            Directory.Delete(_dir, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
