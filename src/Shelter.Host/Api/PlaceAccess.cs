using System.Security.Claims;
using Microsoft.AspNetCore.Authorization;
using Shelter.Domain;
using Shelter.Host.Access;
using Shelter.Host.Security;

namespace Shelter.Host.Api;

/// <summary>Finds the shelter or municipality a request names and checks it lies in the caller's scope: 404 when it does not exist, 403 when it is not theirs.</summary>
public sealed class PlaceAccess(ShelterDirectory shelters, IAuthorizationService authorization)
{
    public async Task<(ShelterInfo? Shelter, IResult? Refusal)> Shelter(ClaimsPrincipal user, string shelterId)
    {
        var found = Identifiers.IsValid(shelterId) ? await shelters.Find(shelterId) : null;
        if (found is not { } shelter)
        {
            return (null, Problems.Of(StatusCodes.Status404NotFound, "unknown-shelter", $"No shelter {shelterId} is open."));
        }
        return await Allows(user, new Place(shelterId, shelter.Info.Municipality)) ? (shelter.Info, null) : (null, AccessProblems.OutOfScope);
    }

    /// <summary>A municipality a request names: a valid ID (<c>400 invalid-municipality</c>) inside the caller's scope (<c>403 out-of-scope</c>).</summary>
    public async Task<IResult?> Municipality(ClaimsPrincipal user, string municipality) =>
        !Identifiers.IsValid(municipality) ? Problems.Invalid("invalid-municipality", $"municipality must be {Identifiers.Rule}.")
        : await Allows(user, new Place(null, municipality)) ? null : AccessProblems.OutOfScope;

    /// <summary>
    /// A municipality a query asks about, or none (meaning all): a valid ID inside the caller's scope, and given whenever
    /// the caller's scope is not everything. <paramref name="what"/> completes "A token scoped to a municipality …".
    /// </summary>
    public async Task<IResult?> MunicipalityAsked(ClaimsPrincipal user, string? municipality, string what)
    {
        if (municipality is null)
        {
            return user.ScopeOf().IsEverything ? null
                : Problems.Invalid("municipality-required", $"A token scoped to a municipality {what} it: give municipality=its code.");
        }
        return await Municipality(user, municipality);
    }

    /// <summary>A registered person (erased or not), when their record lies in the user's scope; null otherwise. The read is audited.</summary>
    public async Task<Shelter.Privacy.PeopleDirectory.Person?> Person(ClaimsPrincipal user, Shelter.Privacy.PeopleDirectory people, string personId) =>
        await people.Find(personId, user.TokenIdOf()) is { } person && await Allows(user, person) ? person : null;

    /// <summary>Whether a registered person's record (their shelter, or their municipality) lies in the user's scope.</summary>
    public Task<bool> Allows(ClaimsPrincipal user, Shelter.Privacy.PeopleDirectory.Person person) => Allows(user, new Place(person.ShelterId, person.Municipality));

    public async Task<bool> Allows(ClaimsPrincipal user, Place place) =>
        (await authorization.AuthorizeAsync(user, place, AccessPolicies.InScope)).Succeeded;
}
