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
            BadHttpRequestException { StatusCode: StatusCodes.Status408RequestTimeout } => Problems.Of(StatusCodes.Status408RequestTimeout,
                RequestReasons.RequestTimeout, "The body arrived too slowly; send the request again."),
            BadHttpRequestException { StatusCode: StatusCodes.Status413PayloadTooLarge } => Problems.Of(StatusCodes.Status413PayloadTooLarge,
                RequestReasons.BodyTooLarge, "The request body is larger than this endpoint takes."),
            BadHttpRequestException bad => Problems.Of(bad.StatusCode, "malformed-request", "The request could not be read: " + bad.Message),
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
