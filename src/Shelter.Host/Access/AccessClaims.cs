using System.Security.Claims;
using Shelter.Access;

namespace Shelter.Host.Access;

/// <summary>What a request's principal carries: the token's ID, role, holder's name and scope; never the secret.</summary>
public static class AccessClaims
{
    public const string TokenId = "shelter:token";
    public const string Municipality = "shelter:municipality";
    public const string Shelter = "shelter:shelter";
    public const string Reader = "shelter:reader";

    public static ClaimsPrincipal Principal(AccessToken token, string scheme)
    {
        var claims = new List<Claim>
        {
            new(TokenId, token.Id),
            new(ClaimTypes.Name, token.Name),
            new(ClaimTypes.Role, token.Role.Name()),
        };
        if (token.Scope.Municipality is { } municipality)
        {
            claims.Add(new Claim(Municipality, municipality));
        }
        if (token.Scope.ShelterId is { } shelter)
        {
            claims.Add(new Claim(Shelter, shelter));
        }
        if (token.Scope.ReaderId is { } reader)
        {
            claims.Add(new Claim(Reader, reader));
        }
        return new ClaimsPrincipal(new ClaimsIdentity(claims, scheme, ClaimTypes.Name, ClaimTypes.Role));
    }

    public static string TokenIdOf(this ClaimsPrincipal user) => user.FindFirstValue(TokenId) ?? "";

    public static AccessRole RoleOf(this ClaimsPrincipal user) =>
        AccessRoles.TryParse(user.FindFirstValue(ClaimTypes.Role), out var role) ? role : AccessRole.Viewer;

    public static AccessScope ScopeOf(this ClaimsPrincipal user) =>
        new(user.FindFirstValue(Municipality), user.FindFirstValue(Shelter), user.FindFirstValue(Reader));

    /// <summary>Who did it, for the store's issued-by and revoked-by columns: the token's ID and its holder's name.</summary>
    public static string Actor(this ClaimsPrincipal user) => $"{user.TokenIdOf()} ({user.Identity?.Name})";
}
