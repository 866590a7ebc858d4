using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Shelter.Host.Api;

/// <summary>
/// Writes into the OpenAPI document the refusals every API endpoint can give besides its own: 429 (the global rate
/// limiter covers every request under <c>/api</c>) and 503 (an actor that does not answer in time becomes 503 in
/// <see cref="ClientFaults"/>, whatever the endpoint), and for an endpoint behind a policy 401 and 403. An endpoint that
/// takes anonymous requests says so with an empty security requirement, overriding the document's default.
/// </summary>
public sealed class ProblemResponses : IOpenApiOperationTransformer
{
    public async Task TransformAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        var path = context.Description.RelativePath ?? "";
        if (!path.StartsWith("api/", StringComparison.Ordinal))
        {
            return;
        }
        var metadata = context.Description.ActionDescriptor.EndpointMetadata;
        var authorized = metadata.OfType<IAuthorizeData>().Any() && !metadata.OfType<IAllowAnonymous>().Any();
        operation.Responses ??= [];
        var refusals = new List<(int Status, string Description)>
        {
            (StatusCodes.Status429TooManyRequests, "Too many requests with this token (or from this address without one): wait Retry-After seconds (reason rate-limited)."),
            (StatusCodes.Status503ServiceUnavailable, "The cluster did not answer in time (reason unavailable): send again after Retry-After."),
        };
        if (authorized)
        {
            refusals.Add((StatusCodes.Status401Unauthorized, "No token, an unknown, expired or revoked one, or no session (reason in the body)."));
            refusals.Add((StatusCodes.Status403Forbidden, "The token's role or scope does not reach this (reason in the body)."));
        }
        else
        {
            operation.Security = [];
        }
        foreach (var (status, description) in refusals)
        {
            var key = status.ToString(System.Globalization.CultureInfo.InvariantCulture);
            if (operation.Responses.ContainsKey(key))
            {
                continue;
            }
            operation.Responses[key] = new OpenApiResponse
            {
                Description = description,
                Content = new Dictionary<string, OpenApiMediaType>
                {
                    ["application/problem+json"] = new() { Schema = await context.GetOrCreateSchemaAsync(typeof(ProblemDetails), null, cancellationToken) },
                },
            };
        }
    }
}
