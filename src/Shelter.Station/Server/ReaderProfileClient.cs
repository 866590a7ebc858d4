using System.Net.Http.Headers;
using System.Net.Http.Json;
using Shelter.Protocol;

namespace Shelter.Station.Server;

/// <summary>Asks the server what this reader's shelter is and what it allows (<c>GET /api/v2/reader</c>).</summary>
public static class ReaderProfileClient
{
    /// <summary>The profile; null when the server did not give one (offline, the token refused, the shelter not open).</summary>
    public static async Task<ReaderProfile?> Fetch(HttpClient server, string token, CancellationToken cancel)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, ReaderProtocol.ProfilePath);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        try
        {
            using var response = await server.SendAsync(request, cancel);
            return response.IsSuccessStatusCode ? await response.Content.ReadFromJsonAsync<ReaderProfile>(ReaderProtocol.Json, cancel) : null;
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException or System.Text.Json.JsonException && !cancel.IsCancellationRequested)
        {
            return null;
        }
    }
}
