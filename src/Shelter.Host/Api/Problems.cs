using Shelter.Protocol;

namespace Shelter.Host.Api;

/// <summary>Request-level errors as RFC 9457 problem details, each with a machine-readable <c>reason</c>.</summary>
public static class Problems
{
    public static IResult Of(int status, string reason, string detail) => Of(status, reason, detail, new Dictionary<string, object?>());

    /// <summary>A problem that carries more than its reason, such as an import's report of the rows it could not read.</summary>
    public static IResult Of(int status, string reason, string detail, Dictionary<string, object?> extensions) => Results.Problem(
        detail: detail,
        statusCode: status,
        title: reason.Replace('-', ' '),
        type: "urn:shelter:problem:" + reason,
        extensions: new Dictionary<string, object?>(extensions) { ["reason"] = reason });

    public static IResult Unauthenticated(string detail) => Of(StatusCodes.Status401Unauthorized, RequestReasons.Unauthenticated, detail);

    public static IResult Invalid(string reason, string detail) => Of(StatusCodes.Status400BadRequest, reason, detail);
}
