using System.Security.Claims;
using Shelter.Host.Access;
using Shelter.Host.Api;

namespace Shelter.Host.Dashboard;

/// <summary>Whether a viewer may watch a dashboard scope: all only with an unscoped token, a municipality or shelter inside its own.</summary>
public sealed class DashboardScopeAccess(PlaceAccess places, ShelterDirectory shelters)
{
    public async Task<bool> Allows(ClaimsPrincipal user, string scope)
    {
        if (scope == DashboardScopes.All)
        {
            return user.ScopeOf().IsEverything;
        }
        if (scope.StartsWith(DashboardScopes.MunicipalityPrefix, StringComparison.Ordinal))
        {
            return await places.Allows(user, new Place(null, scope[DashboardScopes.MunicipalityPrefix.Length..]));
        }
        var shelterId = scope[DashboardScopes.ShelterPrefix.Length..];
        return await shelters.Find(shelterId) is { } shelter && await places.Allows(user, new Place(shelterId, shelter.Info.Municipality));
    }
}
