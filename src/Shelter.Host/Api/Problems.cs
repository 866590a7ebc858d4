using Shelter.Protocol;

namespace Shelter.Host.Api;

/// <summary>Request-level errors as RFC 9457 problem details, each with a machine-readable <c>reason</c>.</summary>
public static class Problems
{
    public static IResult Of(int status, string reason, string detail) => Results.Problem(
        detail: detail,
        statusCode: status,
        title: reason.Replace('-', ' '),
        type: "urn:shelter:problem:" + reason,
        extensions: new Dictionary<string, object?> { ["reason"] = reason });

    public static IResult Unauthenticated(string detail) => Of(StatusCodes.Status401Unauthorized, RequestReasons.Unauthenticated, detail);

    public static IResult Invalid(string reason, string detail) => Of(StatusCodes.Status400BadRequest, reason, detail);
}
