using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;
using Shelter.Host.Api;
using Shelter.Protocol;

namespace Shelter.Host.Access;

/// <summary>
/// <c>Authorization: Bearer &lt;token&gt;</c> for programs (readers, the CLI, scripts). Runs before routing reaches a
/// handler, so a request without a good token is answered 401 before its body is read.
/// </summary>
public sealed class TokenAuthenticationHandler(IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder,
    TokenDirectory directory) : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    private TokenRefusal _refusal;

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var header = Request.Headers.Authorization.ToString();
        if (header.Length == 0)
        {
            return AuthenticateResult.NoResult();
        }
        if (!header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            _refusal = TokenRefusal.Unknown;
            return AuthenticateResult.Fail("not a bearer token");
        }
        var (token, refusal) = await directory.Authenticate(header["Bearer ".Length..].Trim());
        if (token is null)
        {
            _refusal = refusal;
            return AuthenticateResult.Fail(refusal.ToString());
        }
        return AuthenticateResult.Success(new AuthenticationTicket(AccessClaims.Principal(token, Scheme.Name), Scheme.Name));
    }

    protected override Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        Response.Headers.WWWAuthenticate = "Bearer";
        return AccessProblems.Unauthenticated(_refusal).ExecuteAsync(Context);
    }

    protected override Task HandleForbiddenAsync(AuthenticationProperties properties) => AccessProblems.Forbidden.ExecuteAsync(Context);
}

/// <summary>The 401 and 403 answers of both schemes, each with its reason.</summary>
public static class AccessProblems
{
    public static IResult Forbidden { get; } = Problems.Of(StatusCodes.Status403Forbidden, RequestReasons.Forbidden,
        "This token's role may not do this; see docs/access.md for which role does what.");

    public static IResult OutOfScope { get; } = Problems.Of(StatusCodes.Status403Forbidden, RequestReasons.OutOfScope,
        "This token is for another shelter or municipality.");

    public static IResult Unauthenticated(TokenRefusal refusal) => refusal switch
    {
        TokenRefusal.Revoked => Problems.Of(StatusCodes.Status401Unauthorized, RequestReasons.TokenRevoked,
            "This token was revoked (a reader disabled, a person signed out for good); ask the desk for a new one."),
        TokenRefusal.Expired => Problems.Of(StatusCodes.Status401Unauthorized, RequestReasons.TokenExpired, "This token has expired; ask for a new one."),
        TokenRefusal.Unknown => Problems.Of(StatusCodes.Status401Unauthorized, RequestReasons.InvalidToken,
            "This token is unknown or wrong; send it as 'Authorization: Bearer <token>'."),
        _ => Problems.Unauthenticated("Sign in, or send a token as 'Authorization: Bearer <token>'."),
    };
}
