using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Shelter.Protocol;

namespace Shelter.Station.Outbox;

/// <summary>Why the queue is held until a person acts: nothing is sent again by itself.</summary>
public enum QueueHold
{
    None,

    /// <summary>401: the reader was disabled or registered again; it needs a new registration code.</summary>
    TokenRefused,

    /// <summary>409 <c>shelter-not-open</c>: the shelter was closed, or not yet opened.</summary>
    ShelterNotOpen,

    /// <summary>Any other refusal of the request as a whole (a 400 or 403): sending it again would be refused again.</summary>
    RequestRefused,
}

/// <summary>What one round of sending did.</summary>
/// <param name="Answers">The server's answer to each tap it answered (not <c>unavailable</c> ones), in the order sent.</param>
/// <param name="Online">Whether the server answered at all (a network failure or a 5xx is offline).</param>
/// <param name="RetryAfter">When the server asked for a pause (429, 503).</param>
/// <param name="ServerTime">The server's <c>Date</c>, for the clock guard.</param>
public sealed record ForwardRound(IReadOnlyList<TapAnswer> Answers, bool Online, QueueHold Hold, TimeSpan? RetryAfter, DateTimeOffset? ServerTime)
{
    public static readonly ForwardRound Offline = new([], false, QueueHold.None, null, null);
}

/// <summary>
/// Sends what the outbox holds to the server: the oldest waiting taps, one request at a time, each tap byte for byte as
/// recorded (the server answers a tap it has seen with its <c>duplicate</c>, so sending again is safe). A tap answered
/// <c>unavailable</c> stays waiting; every other answer is recorded. The caller decides when to send again
/// (<see cref="Backoff"/>).
/// </summary>
public sealed class TapForwarder(HttpClient http, TapOutbox outbox, Func<string?> token, TimeProvider clock)
{
    /// <summary>Under the server's 4 MiB body limit with room for the envelope.</summary>
    public const int MaxBatchBytes = 3_500_000;

    public async Task<ForwardRound> SendOnce(int maxTaps, CancellationToken cancel)
    {
        if (token() is not { } bearer)
        {
            return new ForwardRound([], false, QueueHold.TokenRefused, null, null);
        }
        var taps = outbox.Waiting(Math.Clamp(maxTaps, 1, ReaderProtocol.MaxTapsPerRequest), MaxBatchBytes);
        if (taps.Count == 0)
        {
            return new ForwardRound([], true, QueueHold.None, null, null);
        }
        var body = new StringBuilder("{\"taps\":[");
        body.AppendJoin(',', taps.Select(t => t.Json)).Append("]}");
        using var request = new HttpRequestMessage(HttpMethod.Post, ReaderProtocol.TapsPathOf(ReaderProtocol.V2))
        {
            Content = new StringContent(body.ToString(), Encoding.UTF8, "application/json"),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", bearer);
        request.Headers.ExpectContinue = taps.Count > 1;
        request.Headers.Add(ReaderProtocol.BacklogHeader, Math.Max(0, outbox.WaitingCount - taps.Count).ToString(System.Globalization.CultureInfo.InvariantCulture));
        HttpResponseMessage response;
        try
        {
            response = await http.SendAsync(request, cancel);
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException && !cancel.IsCancellationRequested)
        {
            return ForwardRound.Offline;
        }
        using (response)
        {
            var serverTime = response.Headers.Date;
            var retryAfter = response.Headers.RetryAfter?.Delta;
            switch (response.StatusCode)
            {
                case HttpStatusCode.OK:
                    var answer = await response.Content.ReadFromJsonOrNull(cancel);
                    var answered = (answer?.Results ?? []).Where(r => r.Reason != TapReasons.Unavailable).ToList();
                    outbox.Answered(answered, clock.GetUtcNow());
                    return new ForwardRound(answered, true, QueueHold.None, null, serverTime);
                case HttpStatusCode.Unauthorized:
                    return new ForwardRound([], true, QueueHold.TokenRefused, null, serverTime);
                case HttpStatusCode.Conflict:
                    return new ForwardRound([], true, QueueHold.ShelterNotOpen, null, serverTime);
                case HttpStatusCode.TooManyRequests or HttpStatusCode.ServiceUnavailable:
                    return new ForwardRound([], true, QueueHold.None, retryAfter ?? TimeSpan.FromSeconds(1), serverTime);
                case HttpStatusCode.BadRequest or HttpStatusCode.Forbidden or HttpStatusCode.RequestEntityTooLarge:
                    return new ForwardRound([], true, QueueHold.RequestRefused, null, serverTime);
                default:
                    return ForwardRound.Offline with { ServerTime = serverTime };
            }
        }
    }

    /// <summary>
    /// The pause before the next try after <paramref name="failures"/> failed ones in a row: doubling from 1 s to 60 s,
    /// with up to half of it at random, so stations coming back together do not all send at once.
    /// </summary>
    public static TimeSpan Backoff(int failures, Random random)
    {
        var seconds = Math.Min(60, Math.Pow(2, Math.Clamp(failures - 1, 0, 6)));
        return TimeSpan.FromSeconds(seconds * (0.5 + (random.NextDouble() * 0.5)));
    }
}

internal static class ForwarderJson
{
    public static async Task<TapBatchAnswer?> ReadFromJsonOrNull(this HttpContent content, CancellationToken cancel)
    {
        try
        {
            return await System.Net.Http.Json.HttpContentJsonExtensions.ReadFromJsonAsync<TapBatchAnswer>(content, ReaderProtocol.Json, cancel);
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
