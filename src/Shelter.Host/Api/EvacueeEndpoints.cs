using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using Akka.Actor;
using Akka.Hosting;
using Shelter.Actors;
using Shelter.Credentials;
using Shelter.Domain;
using Shelter.Host.Access;
using Shelter.Host.Security;
using Shelter.Privacy;
using Shelter.Protocol;

namespace Shelter.Host.Api;

/// <summary>
/// Evacuees at the desk: where a credential's holder is, finding a credential shown at the desk, and linking
/// credentials to registered people (and undoing it). A link is made only after a preview of what it merges.
/// </summary>
public static class EvacueeEndpoints
{
    /// <summary>How long a link preview's confirmation stays good.</summary>
    public static readonly TimeSpan ConfirmWithin = TimeSpan.FromMinutes(10);

    public static void MapEvacueeEndpoints(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/v1").WithTags("evacuees");
        api.MapGet("/evacuees/{evacueeId}", GetEvacuee).WithName("GetEvacuee").RequireAuthorization(AccessPolicies.Enquiry)
            .Produces<EvacueeView>().ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status404NotFound);
        api.MapPost("/evacuees/lookup", Lookup).WithName("LookUpCredential").RequireAuthorization(AccessPolicies.Desk)
            .Produces<EvacueeView>().ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status404NotFound);
        api.MapPost("/people/{personId}/credentials/preview", PreviewLink).WithName("PreviewLink").RequireAuthorization(AccessPolicies.Desk)
            .Produces<LinkPreview>().ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status404NotFound);
        api.MapPost("/people/{personId}/credentials", Link).WithName("LinkCredential").RequireAuthorization(AccessPolicies.Desk)
            .Produces<LinkView>().ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict).ProducesProblem(StatusCodes.Status503ServiceUnavailable);
        api.MapDelete("/people/{personId}/credentials/{evacueeId}", Unlink).WithName("UnlinkCredential").RequireAuthorization(AccessPolicies.Desk)
            .Produces<LinkView>().ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);
    }

    /// <summary>
    /// Where is this credential's holder (安否確認 at the desk). A linked credential answers for its person. A scoped desk
    /// or enquiry token sees only people whose current shelter is in its scope; anyone else is "not on record" to it, the
    /// same answer as for a stranger.
    /// </summary>
    private static async Task<IResult> GetEvacuee(string evacueeId, ClaimsPrincipal user, PlaceAccess places, ShelterDirectory shelters,
        IRequiredActor<EvacueeRegion> evacuees, PeopleDirectory people)
    {
        if (!EvacueeIds.IsValid(evacueeId))
        {
            return Problems.Invalid("invalid-evacuee-id", $"An evacuee ID is {EvacueeIds.Rule}.");
        }
        return await Visible(evacueeId, user, places, shelters, evacuees, people: people) is { } view ? Results.Ok(view) : NotOnRecord();
    }

    /// <summary>The evacuee a credential shown at the desk is: the desk reads its certificate (or card ID), Shelter works out its pseudonym.</summary>
    private static async Task<IResult> Lookup(CredentialLookupRequest? request, ClaimsPrincipal user, PlaceAccess places, ShelterDirectory shelters,
        IRequiredActor<EvacueeRegion> evacuees, CredentialPseudonyms pseudonyms)
    {
        if (FingerprintOf(request) is not { } fingerprint)
        {
            return Problems.Invalid("invalid-credential",
                "Send {\"kind\":\"jpki-card\"|\"jpki-android\"|\"jpki-iphone\",\"certificate\":base64 DER} or {\"kind\":\"temporary-card\",\"cardId\":16 hex digits}.");
        }
        return await Visible(pseudonyms.Of(fingerprint), user, places, shelters, evacuees) is { } view ? Results.Ok(view) : NotOnRecord();
    }

    private static async Task<IResult> PreviewLink(string personId, LinkCredentialRequest? request, ClaimsPrincipal user, PlaceAccess places,
        ShelterDirectory shelters, IRequiredActor<EvacueeRegion> evacuees, LinkConfirmations confirmations, TimeProvider clock, PeopleDirectory people)
    {
        if ((Refusal(personId, request?.EvacueeId) ?? await UnknownPerson(personId, user, places, people)) is { } refused)
        {
            return refused;
        }
        var evacueeId = request!.EvacueeId!;
        if (await Visible(evacueeId, user, places, shelters, evacuees, followLink: false) is not { } view)
        {
            return NotOnRecord();
        }
        var by = clock.GetUtcNow() + ConfirmWithin;
        return Results.Ok(new LinkPreview(personId, view, confirmations.Issue(personId, evacueeId, by), by));
    }

    private static async Task<IResult> Link(string personId, LinkCredentialRequest? request, ClaimsPrincipal user, PlaceAccess places, ShelterDirectory shelters,
        IRequiredActor<EvacueeRegion> evacuees, LinkConfirmations confirmations, TimeProvider clock, PeopleDirectory people)
    {
        if ((Refusal(personId, request?.EvacueeId) ?? await UnknownPerson(personId, user, places, people)) is { } refused)
        {
            return refused;
        }
        var evacueeId = request!.EvacueeId!;
        if (!confirmations.Holds(request.Confirmation, personId, evacueeId, clock.GetUtcNow()))
        {
            return Problems.Invalid("unconfirmed-link",
                "A link needs the confirmation of its preview (POST …/credentials/preview), sent back within 10 minutes: look at the evacuee first.");
        }
        if (await Visible(evacueeId, user, places, shelters, evacuees, followLink: false) is null)
        {
            return NotOnRecord();
        }
        var at = clock.GetUtcNow();
        var answer = await CredentialLinks.Link(await evacuees.GetAsync(), new LinkCredential(evacueeId, personId, user.TokenIdOf(), at), personId, evacueeId, at);
        return answer.Done ? Results.Ok(new LinkView(personId, evacueeId, true)) : Problems.Of(StatusCodes.Status409Conflict, answer.Reason!, answer.Message!);
    }

    private static async Task<IResult> Unlink(string personId, string evacueeId, ClaimsPrincipal user, IRequiredActor<EvacueeRegion> evacuees, TimeProvider clock)
    {
        if (Refusal(personId, evacueeId) is { } refused)
        {
            return refused;
        }
        var answer = await CredentialLinks.Unlink(await evacuees.GetAsync(), personId, evacueeId, user.TokenIdOf(), clock.GetUtcNow());
        return answer.Done ? Results.Ok(new LinkView(personId, evacueeId, false)) : Problems.Of(StatusCodes.Status409Conflict, answer.Reason!, answer.Message!);
    }

    private static IResult? Refusal(string personId, string? evacueeId) => (personId, evacueeId) switch
    {
        _ when !PersonIds.IsPerson(personId) => PeopleEndpoints.InvalidPersonId(),
        (_, null) => Problems.Invalid("missing-evacuee-id", "Send {\"evacueeId\": the provisional evacuee's ID}."),
        _ when !EvacueeIds.IsCredential(evacueeId) => Problems.Invalid("invalid-evacuee-id", "Only a credential's evacuee (64 hex digits) is linked to a person."),
        _ => null,
    };

    /// <summary>A link is made only to a registered person, not erased, in the user's scope.</summary>
    private static async Task<IResult?> UnknownPerson(string personId, ClaimsPrincipal user, PlaceAccess places, PeopleDirectory people) =>
        await places.Person(user, people, personId) is { ErasedAt: null }
            ? null
            : Problems.Of(StatusCodes.Status404NotFound, "unknown-person", "No person with this ID is on record in your scope: register them first.");

    private static IResult NotOnRecord() => Problems.Of(StatusCodes.Status404NotFound, "unknown-evacuee", "No tap by this credential is on record.");

    /// <summary>The evacuee as the user may see it, or null when it is unknown or outside the user's scope.</summary>
    internal static async Task<EvacueeView?> Visible(string evacueeId, ClaimsPrincipal user, PlaceAccess places, ShelterDirectory shelters,
        IRequiredActor<EvacueeRegion> evacuees, bool followLink = true, PeopleDirectory? people = null)
    {
        var region = await evacuees.GetAsync();
        var status = await region.Ask<EvacueeStatus>(new GetEvacuee(evacueeId), ShelterDirectory.AskTimeout);
        var known = status.RememberedTaps > 0 || status.CurrentShelterId is not null || status.LinkedPersonId is not null || status.Credentials is not null;
        if (followLink && status.LinkedPersonId is { } person)
        {
            status = await region.Ask<EvacueeStatus>(new GetEvacuee(person), ShelterDirectory.AskTimeout);
        }
        if (known && !user.ScopeOf().IsEverything && status.CurrentShelterId is { } current)
        {
            var shelter = await shelters.Find(current);
            known = shelter is { } s && await places.Allows(user, new Place(s.Info.Id, s.Info.Municipality));
        }
        else if (known && !user.ScopeOf().IsEverything)
        {
            // Checked in nowhere: a registered person is still the desk's where they were registered.
            known = people is not null && PersonIds.IsPerson(status.EvacueeId) && await places.Person(user, people, status.EvacueeId) is not null;
        }
        return known
            ? new EvacueeView(status.EvacueeId, status.CurrentShelterId, status.Provisional, status.MealsServed,
                [.. (status.Superseded ?? []).Select(m => new SupersededMoveView(m.TapId.ToString(), m.ShelterId, m.Action.Code(), m.OccurredAt, m.LaterMoveAt))],
                [.. (status.Flagged ?? []).Select(f => new FlaggedTapView(f.TapId.ToString(), f.ShelterId, f.Action.Code(), f.OccurredAt, f.Flag.Code, f.Flag.Since))],
                status.LastMoveAt, status.LinkedPersonId ?? (PersonIds.IsPerson(status.EvacueeId) ? status.EvacueeId : null), status.Credentials,
                [.. (status.RecentTaps ?? []).Select(t => new RecentTapView(t.TapId.ToString(), t.ShelterId, t.Status.Code(), t.Code, t.OccurredAt, t.Corrected))])
            : null;
    }

    private static string? FingerprintOf(CredentialLookupRequest? request)
    {
        if (request is null || !WireCodes.TryParse(request.Kind, out CredentialKind kind) || kind == CredentialKind.Jpki)
        {
            return null;
        }
        if (kind == CredentialKind.TemporaryCard)
        {
            return TemporaryCardId.TryParse(request.CardId, out var card) ? card.Fingerprint : null;
        }
        if (request.Certificate is not { Length: > 0 and <= 16 * 1024 } text)
        {
            return null;
        }
        var der = new byte[text.Length];
        return Convert.TryFromBase64String(text, der, out var length) && length <= CredentialVerifierOptions.MaxCertificateBytes
            ? CertificateFingerprint.Of(der.AsSpan(0, length))
            : null;
    }
}

/// <summary>
/// The confirmation a link preview gives: a MAC over the person, the evacuee and a deadline, so a link is made only by
/// someone who looked at what it merges, within minutes, and for exactly that pair.
/// </summary>
public sealed class LinkConfirmations(PrivacyKey key)
{
    private readonly byte[] _key = key.Derive("link-confirmation");

    public string Issue(string personId, string evacueeId, DateTimeOffset by)
    {
        var deadline = by.ToUnixTimeSeconds();
        return $"{deadline}.{Mac(personId, evacueeId, deadline)}";
    }

    public bool Holds(string? confirmation, string personId, string evacueeId, DateTimeOffset now)
    {
        var dot = confirmation?.IndexOf('.') ?? -1;
        if (dot <= 0 || !long.TryParse(confirmation.AsSpan(0, dot), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var deadline)
            || deadline < now.ToUnixTimeSeconds())
        {
            return false;
        }
        return CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(confirmation![(dot + 1)..]), Encoding.ASCII.GetBytes(Mac(personId, evacueeId, deadline)));
    }

    private string Mac(string personId, string evacueeId, long deadline) =>
        Convert.ToHexStringLower(HMACSHA256.HashData(_key, Encoding.UTF8.GetBytes($"{personId}\n{evacueeId}\n{deadline}")));
}
