using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Shelter.Cluster.Tests;

/// <summary>What the process tests ask of a node over HTTP, and how they read a tap ID back from the journal.</summary>
public static class NodeHttp
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull };

    /// <summary>An administrative request, repeated until it succeeds (a node may still be finding its shards).</summary>
    public static Task<HttpResponseMessage> Admin(this HttpClient http, string token, HttpMethod method, ClusterNode node, string path, object? body = null) =>
        Eventually(async () =>
        {
            using var request = new HttpRequestMessage(method, new Uri(node.Url, path)) { Content = body is null ? null : JsonContent.Create(body, options: Json) };
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
            return await http.SendAsync(request);
        }, r => r.IsSuccessStatusCode);

    /// <summary>Opens shelter <paramref name="id"/> (named 避難所 id) and registers reader <c>r-id</c> to it; the reader's token.</summary>
    public static async Task<string> OpenShelterWithReader(this HttpClient http, string adminToken, ClusterNode node, string id, int capacity, string municipality)
    {
        await http.Admin(adminToken, HttpMethod.Post, node, "/api/v1/shelters", new { id, name = "避難所 " + id, capacity, municipality });
        var reader = await http.Admin(adminToken, HttpMethod.Post, node, $"/api/v1/shelters/{id}/readers", new { readerId = "r-" + id });
        return (await reader.Content.ReadFromJsonAsync<JsonElement>(Json)).GetProperty("token").GetString()!;
    }

    public static async Task WaitHealthy(this HttpClient http, ClusterNode node)
    {
        var deadline = DateTime.UtcNow.AddSeconds(90);
        while (true)
        {
            try
            {
                if ((await http.GetAsync(new Uri(node.Url, "/ready"))).IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
            }
            if (DateTime.UtcNow > deadline || !node.Alive)
            {
                throw new TimeoutException($"node {node.Index} did not become healthy: {await Detail(http, node)}\n{node.Log}");
            }
            await Task.Delay(250);
        }
    }

    /// <summary>What the node's <c>/health</c> says of each check, for a failure message.</summary>
    public static async Task<string> Detail(this HttpClient http, ClusterNode node)
    {
        try
        {
            return await http.GetStringAsync(new Uri(node.Url, "/health"));
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
        {
            return $"/health did not answer ({ex.GetType().Name})";
        }
    }

    /// <summary>Reads until the value is as expected or a minute has passed; returns the last value either way.</summary>
    public static async Task<T> Eventually<T>(Func<Task<T>> read, Func<T, bool> expected)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            try
            {
                var value = await read();
                if (expected(value) || DateTime.UtcNow > deadline)
                {
                    return value;
                }
            }
            catch (Exception ex) when ((ex is HttpRequestException or TaskCanceledException) && DateTime.UtcNow < deadline)
            {
            }
            await Task.Delay(250);
        }
    }

    /// <summary>The tap ID inside an evacuee event as the journal stores it (JSON, see ShelterSerializer).</summary>
    public static string TapIdOf(byte[] message)
    {
        using var payload = JsonDocument.Parse(message);
        return payload.RootElement.GetProperty("tapId").GetString()!;
    }
}
