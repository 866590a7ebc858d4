using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Serialization;
using Shelter.Credentials.DevPki;
using Shelter.Protocol;

namespace Shelter.LoadSim;

/// <summary>The simulator's side of the reader protocol and the admin/query API, over one pooled HttpClient.</summary>
public sealed class HostClient : IDisposable
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull };

    private readonly HttpClient _http;
    private readonly string _adminToken;
    private readonly IReadOnlyList<Uri> _nodes;

    public HostClient(IReadOnlyList<Uri> nodes, string adminToken, int connections, string? tlsRoot = null)
    {
        _adminToken = adminToken;
        _nodes = nodes;
        var handler = new SocketsHttpHandler { MaxConnectionsPerServer = connections, PooledConnectionLifetime = TimeSpan.FromMinutes(10) };
        if (tlsRoot is not null)
        {
            handler.SslOptions.RemoteCertificateValidationCallback = TlsTrust.Only(TlsTrust.Load(tlsRoot));
        }
        _http = new HttpClient(handler)
        {
            BaseAddress = nodes[0],
            Timeout = TimeSpan.FromSeconds(30),
        };
    }

    /// <summary>A reader talks to one node of a cluster, always the same one.</summary>
    private string ReaderPath(string readerToken, string path) =>
        _nodes.Count == 1 ? path : new Uri(_nodes[(int)((uint)StringComparer.Ordinal.GetHashCode(readerToken) % (uint)_nodes.Count)], path).ToString();

    public async Task OpenShelter(string id, string name, int capacity, string municipality, bool allowCertificateOnly = false)
    {
        var response = await Send(HttpMethod.Post, "/api/v1/shelters", _adminToken,
            // The simulated temporary cards were never issued at a desk: the simulated shelters take walk-ins.
            () => JsonContent.Create(new { id, name, capacity, municipality, timeZone = "Asia/Tokyo", allowCertificateOnly, allowWalkIns = true }, options: Json));
        await EnsureSuccess(response, $"opening shelter {id}");
    }

    public async Task<string> RegisterReader(string shelterId, string readerId)
    {
        var response = await Send(HttpMethod.Post, $"/api/v1/shelters/{shelterId}/readers", _adminToken, () => JsonContent.Create(new { readerId }, options: Json));
        await EnsureSuccess(response, $"registering reader {readerId}");
        return (await response.Content.ReadFromJsonAsync<JsonElement>(Json)).GetProperty("token").GetString()!;
    }

    /// <summary>Posts taps; null when the request failed as a whole (the reader will retry).</summary>
    public async Task<TapAnswer[]?> PostTaps(string readerToken, IReadOnlyList<ReaderTap> taps, CancellationToken cancel = default, string protocol = ReaderProtocol.V1)
    {
        try
        {
            using var response = await Send(HttpMethod.Post, ReaderPath(readerToken, ReaderProtocol.TapsPathOf(protocol)), readerToken, () => JsonContent.Create(new TapBatch([.. taps]), options: ReaderProtocol.Json), cancel);
            return response.IsSuccessStatusCode ? (await response.Content.ReadFromJsonAsync<TapBatchAnswer>(ReaderProtocol.Json, cancel))?.Results : null;
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException or JsonException)
        {
            return null;
        }
    }

    /// <summary>Server nonces for a reader's online v2 taps; null when the request failed (the reader signs offline meanwhile).</summary>
    public async Task<ServerNonceBatch?> GetNonces(string readerToken, int count)
    {
        try
        {
            using var response = await Send(HttpMethod.Get, ReaderPath(readerToken, $"{ReaderProtocol.NoncesPath}?count={count}"), readerToken, null);
            return response.IsSuccessStatusCode ? await response.Content.ReadFromJsonAsync<ServerNonceBatch>(ReaderProtocol.Json) : null;
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException or JsonException)
        {
            return null;
        }
    }

    /// <summary>Sends a body that is not valid JSON; returns the status code and the problem's reason.</summary>
    public async Task<(HttpStatusCode Status, string? Reason)> PostMalformed(string readerToken, string protocol = ReaderProtocol.V1)
    {
        using var response = await Send(HttpMethod.Post, ReaderPath(readerToken, ReaderProtocol.TapsPathOf(protocol)), readerToken, () => new StringContent("{\"taps\": [ {\"tapId\": ", System.Text.Encoding.UTF8, "application/json"));
        var body = await response.Content.ReadFromJsonAsync<JsonElement>(Json);
        return (response.StatusCode, body.TryGetProperty("reason", out var reason) ? reason.GetString() : null);
    }

    public async Task<JsonElement> GetShelter(string id)
    {
        using var response = await Send(HttpMethod.Get, $"/api/v1/shelters/{id}", _adminToken, null);
        await EnsureSuccess(response, $"reading shelter {id}");
        return await response.Content.ReadFromJsonAsync<JsonElement>(Json);
    }

    /// <summary>The evacuee a simulated credential is, found the way the desk finds one: by showing the credential.</summary>
    public async Task<JsonElement?> GetEvacuee(SimEvacuee evacuee)
    {
        object request = evacuee.Certificate is { } certificate
            ? new { kind = evacuee.Kind.Code(), certificate = Convert.ToBase64String(certificate) }
            : new { kind = evacuee.Kind.Code(), cardId = evacuee.CardId };
        using var response = await Send(HttpMethod.Post, "/api/v1/evacuees/lookup", _adminToken, () => JsonContent.Create(request, options: Json));
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }
        await EnsureSuccess(response, $"reading evacuee {evacuee.Index}");
        return await response.Content.ReadFromJsonAsync<JsonElement>(Json);
    }

    /// <summary>Registers a person with no personal items (the simulator has none to give); their person ID.</summary>
    public async Task<string> RegisterPerson(string municipality)
    {
        using var response = await Send(HttpMethod.Post, "/api/v1/people", _adminToken,
            () => JsonContent.Create(new { municipality, stay = "shelter", consent = Array.Empty<string>() }, options: Json));
        await EnsureSuccess(response, "registering a person");
        return (await response.Content.ReadFromJsonAsync<JsonElement>(Json)).GetProperty("personId").GetString()!;
    }

    /// <summary>Links a provisional evacuee to a person as the desk does: the preview first, then its confirmation.</summary>
    public async Task Link(string personId, string evacueeId)
    {
        using var preview = await Send(HttpMethod.Post, $"/api/v1/people/{personId}/credentials/preview", _adminToken,
            () => JsonContent.Create(new { evacueeId }, options: Json));
        await EnsureSuccess(preview, "previewing a link");
        var confirmation = (await preview.Content.ReadFromJsonAsync<JsonElement>(Json)).GetProperty("confirmation").GetString();
        using var link = await Send(HttpMethod.Post, $"/api/v1/people/{personId}/credentials", _adminToken,
            () => JsonContent.Create(new { evacueeId, confirmation }, options: Json));
        await EnsureSuccess(link, "linking a credential");
    }

    /// <summary>Issues a temporary card to a person at the desk (linked to them at once).</summary>
    public async Task IssueCard(string personId, string cardId)
    {
        using var response = await Send(HttpMethod.Post, $"/api/v1/people/{personId}/temporary-cards", _adminToken, () => JsonContent.Create(new { cardId }, options: Json));
        await EnsureSuccess(response, "issuing a temporary card");
    }

    /// <summary>Sends as a well-behaved client does: a 429 is waited out for as long as Retry-After says, then sent again.</summary>
    private async Task<HttpResponseMessage> Send(HttpMethod method, string path, string token, Func<HttpContent>? content, CancellationToken cancel = default)
    {
        while (true)
        {
            using var request = new HttpRequestMessage(method, path) { Content = content?.Invoke() };
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
            var response = await _http.SendAsync(request, cancel);
            if (response.StatusCode != HttpStatusCode.TooManyRequests)
            {
                return response;
            }
            var wait = response.Headers.RetryAfter?.Delta ?? TimeSpan.FromSeconds(1);
            response.Dispose();
            await Task.Delay(wait, cancel);
        }
    }

    private static async Task EnsureSuccess(HttpResponseMessage response, string what)
    {
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"{what}: HTTP {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        }
    }

    public void Dispose() => _http.Dispose();
}
