using Akka.Actor;
using Microsoft.AspNetCore.Diagnostics;
using Shelter.Protocol;

namespace Shelter.Host.Api;

/// <summary>
/// Exceptions that are not the node's fault: a client that sent too slowly or too much gets its own 4xx, and an actor
/// that did not answer in time is a 503 the client retries. Logged below Error, since nothing here needs a person.
/// </summary>
public sealed class ClientFaults(ILogger<ClientFaults> log) : IExceptionHandler
{
    public const int RetryAfterSeconds = 5;

    public async ValueTask<bool> TryHandleAsync(HttpContext context, Exception exception, CancellationToken cancellationToken)
    {
        IResult? answer = exception switch
        {
            AskTimeoutException or TaskCanceledException when !context.RequestAborted.IsCancellationRequested => Unavailable(context),
            // Kestrel's own refusal (408 for a trickled body, 413, 400) in the status it chose; StatusReasons gives it its reason.
            BadHttpRequestException bad => Results.Problem(statusCode: bad.StatusCode),
            _ => null,
        };
        if (answer is null)
        {
            return false;
        }
        log.LogInformation("request {Method} {Endpoint} answered {Status}: {Fault}", context.Request.Method,
            context.GetEndpoint()?.DisplayName ?? "(no endpoint)", context.Response.StatusCode, exception.GetType().Name);
        await answer.ExecuteAsync(context);
        return true;
    }

    private static IResult Unavailable(HttpContext context)
    {
        context.Response.Headers.RetryAfter = RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return Problems.Of(StatusCodes.Status503ServiceUnavailable, RequestReasons.Unavailable,
            $"Part of the cluster did not answer in time; send the request again in {RetryAfterSeconds} s (taps do not count twice).");
    }
}
