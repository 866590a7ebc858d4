using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Shelter.Access;
using Shelter.Host.Access;
using Shelter.Host.Security;
using Shelter.Protocol;

namespace Shelter.Host.Api;

/// <summary>Sessions for people at a page, tokens for every role, and readers as devices (registration codes, disabling).</summary>
public static class AccessEndpoints
{
    public static void MapAccessEndpoints(this IEndpointRouteBuilder app)
    {
        var session = app.MapGroup("/api/v1/session").WithTags("access");
        session.MapPost("", SignIn).AllowAnonymous().WithName("SignIn")
            .Produces<SessionView>().ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status403Forbidden);
        session.MapGet("", (ClaimsPrincipal user) => TypedResults.Ok(View(user))).RequireAuthorization(AccessPolicies.Viewer).WithName("GetSession");
        session.MapDelete("", (Delegate)SignOut).AllowAnonymous().WithName("SignOut").Produces(StatusCodes.Status204NoContent);

        var tokens = app.MapGroup("/api/v1/tokens").WithTags("access").RequireAuthorization(AccessPolicies.Admin);
        tokens.MapPost("", IssueToken).WithName("IssueToken").Produces<IssuedTokenView>(StatusCodes.Status201Created).ProducesProblem(StatusCodes.Status400BadRequest);
        tokens.MapGet("", ListTokens).WithName("ListTokens").Produces<TokenView[]>().ProducesProblem(StatusCodes.Status400BadRequest);
        tokens.MapDelete("/{tokenId}", RevokeToken).WithName("RevokeToken").Produces(StatusCodes.Status204NoContent).ProducesProblem(StatusCodes.Status404NotFound);

        var readers = app.MapGroup("/api/v1/shelters/{shelterId}/readers").WithTags("readers").RequireAuthorization(AccessPolicies.Desk);
        readers.MapGet("", ListReaders).WithName("ListReaders").Produces<ReaderView[]>().ProducesProblem(StatusCodes.Status404NotFound);
        readers.MapPost("", RegisterReader).WithName("RegisterReader")
            .Produces<ReaderRegistrationResponse>(StatusCodes.Status201Created).ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
        readers.MapPost("/{readerId}/registration-codes", IssueCode).WithName("IssueRegistrationCode")
            .Produces<RegistrationCodeView>(StatusCodes.Status201Created).ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
        readers.MapDelete("/{readerId}", DisableReader).WithName("DisableReader").Produces(StatusCodes.Status204NoContent).ProducesProblem(StatusCodes.Status404NotFound);

        app.MapPost(ReaderProtocol.EnrolPath, Enrol).AllowAnonymous().WithTags("readers").WithName("EnrolReader")
            .Produces<ReaderRegistrationResponse>(StatusCodes.Status201Created).ProducesProblem(StatusCodes.Status400BadRequest);
    }

    private static async Task<IResult> SignIn(SignInRequest? request, HttpContext http, TokenDirectory directory)
    {
        if (string.IsNullOrWhiteSpace(request?.Token))
        {
            return Problems.Invalid("missing-token", "Send {\"token\": \"…\"}: a viewer, desk or enquiry token.");
        }
        var (token, refusal) = await directory.Authenticate(request.Token.Trim());
        if (token is null)
        {
            return AccessProblems.Unauthenticated(refusal);
        }
        if (!token.Role.SignsInWithBrowser())
        {
            return Problems.Of(StatusCodes.Status403Forbidden, "role-not-for-browser",
                $"{(token.Role == AccessRole.Admin ? "An admin" : "A reader")} token is for programs and does not sign in to a page; use a viewer, desk or enquiry token.");
        }
        var principal = AccessClaims.Principal(token, AccessSchemes.Session);
        await http.SignInAsync(AccessSchemes.Session, principal, new AuthenticationProperties { IsPersistent = false });
        return TypedResults.Ok(View(principal));
    }

    private static async Task<IResult> SignOut(HttpContext http)
    {
        await http.SignOutAsync(AccessSchemes.Session);
        return TypedResults.NoContent();
    }

    private static async Task<IResult> IssueToken(IssueTokenRequest? request, ClaimsPrincipal user, AccessService access, TimeProvider clock)
    {
        if (!AccessRoles.TryParse(request?.Role, out var role) || role == AccessRole.Reader)
        {
            return Problems.Invalid("invalid-role",
                "role must be admin, desk, enquiry or viewer; a reader gets its token from /api/v1/shelters/{shelterId}/readers or a registration code.");
        }
        if (string.IsNullOrWhiteSpace(request!.Name) || request.Name.Trim().Length > 100)
        {
            return Problems.Invalid("invalid-name", "name (who or which device holds the token) must be 1 to 100 characters.");
        }
        if ((request.Municipality is not null && !Identifiers.IsValid(request.Municipality)) || (request.ShelterId is not null && !Identifiers.IsValid(request.ShelterId)))
        {
            return Problems.Invalid("invalid-scope", $"municipality and shelterId, when given, must each be {Identifiers.Rule}.");
        }
        if (role == AccessRole.Admin && (request.Municipality ?? request.ShelterId) is not null)
        {
            return Problems.Invalid("invalid-scope", "An admin token reaches everything; give no municipality or shelterId.");
        }
        if (request.ExpiresInDays is < 1 or > 3650)
        {
            return Problems.Invalid("invalid-expiry", "expiresInDays, when given, is a whole number from 1 to 3650.");
        }
        var expires = request.ExpiresInDays is { } days ? clock.GetUtcNow().AddDays(days) : (DateTimeOffset?)null;
        var issued = await access.Issue(role, request.Name.Trim(), new AccessScope(request.Municipality, request.ShelterId), user.Actor(), expires);
        var token = issued.Token;
        return TypedResults.Created($"/api/v1/tokens/{token.Id}",
            new IssuedTokenView(token.Id, issued.Text, token.Role.Name(), token.Name, Scope(token.Scope), token.ExpiresAt));
    }

    private static async Task<IResult> ListTokens(string? role, AccessService access)
    {
        AccessRole? wanted = null;
        if (role is not null)
        {
            if (!AccessRoles.TryParse(role, out var parsed))
            {
                return Problems.Invalid("invalid-role", $"role, when given, is one of {string.Join(", ", AccessRoles.Names)}.");
            }
            wanted = parsed;
        }
        return TypedResults.Ok((await access.List(wanted)).Select(t => new TokenView(t.Id, t.Role.Name(), t.Name, Scope(t.Scope), t.IssuedAt, t.IssuedBy,
            t.ExpiresAt, t.RevokedAt, t.RevokedBy, t.LastUse?.At)).ToArray());
    }

    private static async Task<IResult> RevokeToken(string tokenId, ClaimsPrincipal user, AccessService access)
    {
        if (await access.Find(tokenId) is null)
        {
            return Problems.Of(StatusCodes.Status404NotFound, "unknown-token", $"No token {tokenId} was issued.");
        }
        await access.Revoke(tokenId, null, user.Actor());
        return TypedResults.NoContent();
    }

    private static async Task<IResult> ListReaders(string shelterId, ClaimsPrincipal user, PlaceAccess places, AccessService access)
    {
        if ((await places.Shelter(user, shelterId)).Refusal is { } refusal)
        {
            return refusal;
        }
        var tokens = await access.List(AccessRole.Reader, shelterId);
        // The newest token per reader is the reader's state: a live one, or the last one revoked when it was disabled.
        return TypedResults.Ok(tokens.GroupBy(t => t.Scope.ReaderId!).Select(g => g.OrderBy(t => t.IssuedAt).Last())
            .Select(t => new ReaderView(t.Scope.ReaderId!, shelterId, t.Id, t.IssuedAt, t.RevokedAt is not null, t.LastUse?.At, t.LastUse?.Protocol, t.LastUse?.Backlog))
            .OrderBy(r => r.ReaderId, StringComparer.Ordinal).ToArray());
    }

    private static async Task<IResult> RegisterReader(string shelterId, RegisterReaderRequest? request, ClaimsPrincipal user, PlaceAccess places, AccessService access)
    {
        if (!Identifiers.IsValid(request?.ReaderId))
        {
            return Problems.Invalid("invalid-reader-id", $"readerId must be {Identifiers.Rule}.");
        }
        if ((await places.Shelter(user, shelterId)).Refusal is { } refusal)
        {
            return refusal;
        }
        var issue = await access.IssueReader(shelterId, request!.ReaderId!, user.Actor());
        return issue.Issued is { } issued
            ? TypedResults.Created($"/api/v1/shelters/{shelterId}/readers/{request.ReaderId}", new ReaderRegistrationResponse(request.ReaderId!, shelterId, issued.Text))
            : ElsewhereProblem(request.ReaderId!, issue.OtherShelter!);
    }

    private static async Task<IResult> IssueCode(string shelterId, string readerId, ClaimsPrincipal user, PlaceAccess places, AccessService access)
    {
        if (!Identifiers.IsValid(readerId))
        {
            return Problems.Invalid("invalid-reader-id", $"readerId must be {Identifiers.Rule}.");
        }
        if ((await places.Shelter(user, shelterId)).Refusal is { } refusal)
        {
            return refusal;
        }
        var (code, expires, other) = await access.IssueCode(shelterId, readerId, user.Actor());
        return code is null ? ElsewhereProblem(readerId, other!)
            : TypedResults.Created($"/api/v1/shelters/{shelterId}/readers/{readerId}", new RegistrationCodeView(code, shelterId, readerId, expires));
    }

    private static async Task<IResult> DisableReader(string shelterId, string readerId, ClaimsPrincipal user, PlaceAccess places, AccessService access)
    {
        if ((await places.Shelter(user, shelterId)).Refusal is { } refusal)
        {
            return refusal;
        }
        if (!Identifiers.IsValid(readerId) || (await access.List(AccessRole.Reader, shelterId)).All(t => t.Scope.ReaderId != readerId))
        {
            return Problems.Of(StatusCodes.Status404NotFound, "unknown-reader", $"Shelter {shelterId} has no reader {readerId}.");
        }
        await access.Revoke(null, readerId, user.Actor());
        return TypedResults.NoContent();
    }

    private static async Task<IResult> Enrol(EnrolRequest? request, AccessService access)
    {
        var issue = request?.Code is { } code ? await access.Enrol(code) : null;
        if (issue is null)
        {
            return Problems.Invalid("invalid-registration-code", "This registration code is unknown, used or expired; ask the desk for a new one.");
        }
        var token = issue.Issued?.Token;
        return token is null
            ? Problems.Of(StatusCodes.Status409Conflict, "reader-registered-elsewhere", $"This reader belongs to shelter {issue.OtherShelter}.")
            : TypedResults.Created($"/api/v1/shelters/{token.Scope.ShelterId}/readers/{token.Scope.ReaderId}",
                new ReaderRegistrationResponse(token.Scope.ReaderId!, token.Scope.ShelterId!, issue.Issued!.Text));
    }

    private static IResult ElsewhereProblem(string readerId, string shelter) =>
        Problems.Of(StatusCodes.Status409Conflict, "reader-registered-elsewhere", $"Reader {readerId} is registered to shelter {shelter}; a reader belongs to one shelter for good.");

    private static SessionView View(ClaimsPrincipal user) => new(user.RoleOf().Name(), user.Identity?.Name ?? "", Scope(user.ScopeOf()));

    private static ScopeView Scope(AccessScope scope) => new(scope.Municipality, scope.ShelterId, scope.ReaderId);
}
