using Shelter.Protocol;

namespace Shelter.Host.Api;

/// <summary>
/// Gives every problem the framework writes by itself (an unknown path, a wrong method, a body that does not bind)
/// the <c>reason</c> and the sentence that Shelter's own problems carry, so a client can act on any 4xx the same way.
/// </summary>
public static class StatusReasons
{
    public static void Add(ProblemDetailsContext context)
    {
        var problem = context.ProblemDetails;
        if (problem.Extensions.ContainsKey("reason"))
        {
            return;
        }
        var (reason, detail) = problem.Status switch
        {
            StatusCodes.Status400BadRequest => ("malformed-request",
                "The request could not be read: the body must be JSON of the shape this endpoint takes (see /openapi/v1.json)."),
            StatusCodes.Status404NotFound => ("not-found", "No such endpoint or resource; the endpoints are listed in /openapi/v1.json."),
            StatusCodes.Status405MethodNotAllowed => ("method-not-allowed", "This endpoint does not take that HTTP method."),
            StatusCodes.Status408RequestTimeout => (RequestReasons.RequestTimeout, "The request did not arrive in time; send it again."),
            StatusCodes.Status413PayloadTooLarge => (RequestReasons.BodyTooLarge, "The request body is larger than this endpoint takes."),
            StatusCodes.Status415UnsupportedMediaType => ("unsupported-media-type", "Send the body as JSON with 'Content-Type: application/json'."),
            >= 500 => ("internal-error", "The node failed to answer this request; it has been logged. Try again."),
            _ => ("http-" + problem.Status, problem.Title ?? "The request was not accepted."),
        };
        problem.Extensions["reason"] = reason;
        problem.Detail ??= detail;
        problem.Type = "urn:shelter:problem:" + reason;
    }
}
