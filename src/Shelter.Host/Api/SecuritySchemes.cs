using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Shelter.Host.Api;

/// <summary>Says in the OpenAPI document how a client authenticates: a bearer token, or the session cookie a page holds.</summary>
public sealed class SecuritySchemes : IOpenApiDocumentTransformer
{
    public const string Bearer = "bearer";
    public const string Session = "session";

    public Task TransformAsync(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken cancellationToken)
    {
        document.Components ??= new OpenApiComponents();
        document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
        document.Components.SecuritySchemes[Bearer] = new OpenApiSecurityScheme
        {
            Type = SecuritySchemeType.Http,
            Scheme = "bearer",
            Description = "A token of one role (sadm_, sdsk_, senq_, svwr_, srdr_ …); see docs/access.md.",
        };
        document.Components.SecuritySchemes[Session] = new OpenApiSecurityScheme
        {
            Type = SecuritySchemeType.ApiKey,
            In = ParameterLocation.Cookie,
            Name = Access.AccessSchemes.CookieName,
            Description = "The session cookie POST /api/v1/session sets for desk, enquiry and viewer tokens.",
        };
        document.Security ??= [];
        document.Security.Add(new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(Bearer, document)] = [] });
        document.Security.Add(new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(Session, document)] = [] });
        return Task.CompletedTask;
    }
}
