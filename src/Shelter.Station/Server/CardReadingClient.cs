using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Shelter.Protocol;

namespace Shelter.Station.Server;

/// <summary>
/// Sends confirmed card-face attributes to the desk (<c>POST /api/v2/card-readings</c>). Never queued: personal data
/// stays on the station only while the person looks at it, so a reading that cannot be sent now is typed in instead.
/// </summary>
public static class CardReadingClient
{
    /// <summary>Null when the server took it; otherwise the reason it gave (or <c>offline</c>).</summary>
    public static async Task<string?> Send(HttpClient server, string token, CardReading reading, CancellationToken cancel)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, ReaderProtocol.CardReadingsPath)
        {
            Content = JsonContent.Create(reading, options: ReaderProtocol.Json),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        try
        {
            using var response = await server.SendAsync(request, cancel);
            if (response.IsSuccessStatusCode)
            {
                return null;
            }
            try
            {
                using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync(cancel));
                return problem.RootElement.TryGetProperty("reason", out var reason) && reason.GetString() is { } said ? said : ((int)response.StatusCode).ToString(System.Globalization.CultureInfo.InvariantCulture);
            }
            catch (JsonException)
            {
                return ((int)response.StatusCode).ToString(System.Globalization.CultureInfo.InvariantCulture);
            }
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException && !cancel.IsCancellationRequested)
        {
            return "offline";
        }
    }
}
