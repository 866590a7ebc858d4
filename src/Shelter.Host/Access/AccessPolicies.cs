using Microsoft.AspNetCore.Authorization;
using Shelter.Access;

namespace Shelter.Host.Access;

/// <summary>The authorization policies endpoints name: each is the set of roles allowed, widest role first.</summary>
public static class AccessPolicies
{
    public const string Admin = "admin";
    public const string Desk = "desk";
    public const string Enquiry = "enquiry";
    public const string Viewer = "viewer";
    public const string Reader = "reader";

    /// <summary>Resource-based: the place (shelter or municipality) a request touches lies inside the token's scope.</summary>
    public const string InScope = "in-scope";

    public static AuthorizationBuilder AddShelterPolicies(this AuthorizationBuilder builder) => builder
        .SetFallbackPolicy(new AuthorizationPolicyBuilder().RequireAuthenticatedUser().Build())
        .AddPolicy(Admin, p => p.RequireRole(AccessRole.Admin.Name()))
        .AddPolicy(Desk, p => p.RequireRole(AccessRole.Admin.Name(), AccessRole.Desk.Name()))
        .AddPolicy(Enquiry, p => p.RequireRole(AccessRole.Admin.Name(), AccessRole.Desk.Name(), AccessRole.Enquiry.Name()))
        .AddPolicy(Viewer, p => p.RequireRole(AccessRole.Admin.Name(), AccessRole.Desk.Name(), AccessRole.Enquiry.Name(), AccessRole.Viewer.Name()))
        .AddPolicy(Reader, p => p.AddAuthenticationSchemes(AccessSchemes.Token).RequireRole(AccessRole.Reader.Name()))
        .AddPolicy(InScope, p => p.AddRequirements(new InScopeRequirement()));
}

/// <summary>A shelter (with its municipality) or a whole municipality (no shelter) that a request reads or changes.</summary>
public sealed record Place(string? ShelterId, string Municipality);

public sealed class InScopeRequirement : IAuthorizationRequirement;

public sealed class InScopeHandler : AuthorizationHandler<InScopeRequirement, Place>
{
    protected override Task HandleRequirementAsync(AuthorizationHandlerContext context, InScopeRequirement requirement, Place place)
    {
        var scope = context.User.ScopeOf();
        if (place.ShelterId is { } shelter ? scope.Covers(shelter, place.Municipality) : scope.CoversMunicipality(place.Municipality))
        {
            context.Succeed(requirement);
        }
        return Task.CompletedTask;
    }
}
