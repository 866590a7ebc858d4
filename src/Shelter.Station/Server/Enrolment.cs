using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Shelter.Protocol;

namespace Shelter.Station.Server;

/// <summary>Exchanges a one-time registration code (from the desk) for the station's reader token.</summary>
public static class Enrolment
{
    public static async Task<ReaderRegistrationResponse> Enrol(HttpClient server, string code, CancellationToken cancel)
    {
        HttpResponseMessage response;
        try
        {
            response = await server.PostAsJsonAsync(ReaderProtocol.EnrolPath, new EnrolRequest(code), ReaderProtocol.Json, cancel);
        }
        catch (HttpRequestException ex)
        {
            throw new StationSetupException($"サーバーにつながりません（{ex.Message}）。ネットワークを確かめてください。 / The server cannot be reached ({ex.Message}): check the network.");
        }
        using (response)
        {
            if (response.StatusCode == HttpStatusCode.Created)
            {
                return (await response.Content.ReadFromJsonAsync<ReaderRegistrationResponse>(ReaderProtocol.Json, cancel))!;
            }
            var reason = await ReasonOf(response, cancel);
            throw new StationSetupException(reason == "invalid-registration-code"
                ? "登録コードが違うか、使用済みか、期限切れです（10分）。受付で新しいコードをもらってください。 / The registration code is wrong, used or expired (10 minutes): ask the desk for a new one."
                : $"登録できませんでした（{(int)response.StatusCode} {reason}）。 / Registration failed ({(int)response.StatusCode} {reason}).");
        }
    }

    private static async Task<string?> ReasonOf(HttpResponseMessage response, CancellationToken cancel)
    {
        try
        {
            using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync(cancel));
            return problem.RootElement.TryGetProperty("reason", out var reason) ? reason.GetString() : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
