using System.Globalization;
using System.Security.Claims;
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
/// Card-face attributes read at the desk: a desk station sends what the person confirmed on its screen; the desk of
/// that shelter lists it, registers the person from it (asking consent item by item) and links the card to them, or
/// discards it. A link from a reading needs no preview: the card was in the desk's hands, opened with its PIN.
/// </summary>
public static class CardReadingEndpoints
{
    public static void MapCardReadingEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapPost(ReaderProtocol.CardReadingsPath, Receive).WithName("SendCardReading").WithTags("card-readings")
            .RequireAuthorization(AccessPolicies.Reader)
            .Accepts<CardReading>("application/json")
            .Produces<CardReadingReceipt>(StatusCodes.Status201Created)
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status409Conflict).ProducesProblem(StatusCodes.Status429TooManyRequests);
        var desk = app.MapGroup("/api/v1").WithTags("card-readings").RequireAuthorization(AccessPolicies.Desk);
        desk.MapGet("/shelters/{shelterId}/card-readings", List).WithName("ListCardReadings")
            .Produces<CardReadingsView>().ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound);
        desk.MapDelete("/shelters/{shelterId}/card-readings/{readingId}", Discard).WithName("DiscardCardReading")
            .Produces(StatusCodes.Status204NoContent).ProducesProblem(StatusCodes.Status404NotFound);
        desk.MapPost("/people/{personId}/credentials/from-reading", LinkFromReading).WithName("LinkCredentialFromReading")
            .Produces<LinkView>().ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict).ProducesProblem(StatusCodes.Status503ServiceUnavailable);
    }

    private static async Task<IResult> Receive(CardReading? reading, ClaimsPrincipal user, TokenDirectory tokens, CredentialVerifier verifier,
        CredentialPseudonyms pseudonyms, CardReadingStore store, TimeProvider clock)
    {
        if ((await tokens.Current(user.TokenIdOf())).Token is null)
        {
            return TapEndpoints.Revoked();
        }
        if (Refusal(reading) is { } refused)
        {
            return refused;
        }
        WireCodes.TryParse(reading!.Credential.Kind, out CredentialKind kind);
        var certificate = Convert.FromBase64String(reading.Credential.Certificate!);
        var verified = verifier.VerifyCertificate(kind, certificate, clock.GetUtcNow());
        if (!verified.IsValid)
        {
            return Problems.Invalid(verified.Reason!.Value.Code(), verified.Message ?? "The card's certificate was not accepted.");
        }
        var scope = user.ScopeOf();
        var content = new CardReadingStore.Content(reading.Name.Trim(), reading.Address.Trim(), DateOnly.ParseExact(reading.BirthDate, "yyyy-MM-dd", CultureInfo.InvariantCulture),
            reading.Sex, kind.Code(), pseudonyms.Of(verified.Fingerprint!));
        var (outcome, expiresAt) = await store.Keep(reading.ReadingId, scope.ShelterId!, scope.ReaderId!, content, ReaderProtocol.CardReadingLifetime,
            ReaderProtocol.MaxWaitingCardReadings);
        return outcome switch
        {
            CardReadingStore.Outcome.Kept => Results.Created($"/api/v1/shelters/{scope.ShelterId}/card-readings/{reading.ReadingId}",
                new CardReadingReceipt(reading.ReadingId, expiresAt)),
            CardReadingStore.Outcome.Full => Problems.Of(StatusCodes.Status429TooManyRequests, RequestReasons.TooManyCardReadings,
                $"{ReaderProtocol.MaxWaitingCardReadings} card readings already wait at this shelter's desk: register or discard some first."),
            _ => Problems.Invalid(RequestReasons.InvalidCardReading, "Another reading has this readingId: make a new UUID for each reading."),
        };
    }

    private static IResult? Refusal(CardReading? r)
    {
        static IResult Bad(string detail) => Problems.Invalid(RequestReasons.InvalidCardReading, detail);
        if (r is null)
        {
            return Bad("Send {readingId, name, address, birthDate, sex, credential} as JSON.");
        }
        if (!Guid.TryParseExact(r.ReadingId, "D", out _))
        {
            return Bad("readingId is a UUID the station made for this reading.");
        }
        if (string.IsNullOrWhiteSpace(r.Name) || r.Name.Length > PeopleEndpoints.MaxText || r.Address is null || r.Address.Length > PeopleEndpoints.MaxText)
        {
            return Bad($"name (not empty) and address are at most {PeopleEndpoints.MaxText} characters each.");
        }
        if (!DateOnly.TryParseExact(r.BirthDate, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out _))
        {
            return Bad("birthDate is YYYY-MM-DD.");
        }
        if (r.Sex is not ("1" or "2" or "3" or "9"))
        {
            return Bad("sex is the card's code: 1, 2, 3 or 9.");
        }
        if (r.Credential is null || !WireCodes.TryParse(r.Credential.Kind, out CredentialKind kind) || kind != CredentialKind.JpkiCard
            || r.Credential.Certificate is not { Length: > 0 and <= 16 * 1024 } text || !IsBase64(text))
        {
            return Bad("credential is {\"kind\":\"jpki-card\",\"certificate\": base64 DER}: only a card carries the card-face application.");
        }
        return null;
    }

    private static bool IsBase64(string text) => Convert.TryFromBase64String(text, new byte[text.Length], out _);

    private static async Task<IResult> List(string shelterId, ClaimsPrincipal user, PlaceAccess places, CardReadingStore store, PeopleDirectory people)
    {
        var (shelter, refusal) = await places.Shelter(user, shelterId);
        if (refusal is not null)
        {
            return refusal;
        }
        var waiting = await store.WaitingAt(shelter!.Id);
        await people.Note(user.TokenIdOf(), "-", "card-readings-listed", $"{shelter.Id}: {waiting.Count} waiting");
        return Results.Ok(new CardReadingsView(shelter.Id, [.. waiting.Select(View)]));
    }

    private static async Task<IResult> Discard(string shelterId, string readingId, ClaimsPrincipal user, PlaceAccess places, CardReadingStore store)
    {
        var (shelter, refusal) = await places.Shelter(user, shelterId);
        if (refusal is not null)
        {
            return refusal;
        }
        return await store.Remove(readingId, shelter!.Id) ? Results.NoContent() : UnknownReading();
    }

    private static async Task<IResult> LinkFromReading(string personId, LinkFromReadingRequest? request, ClaimsPrincipal user, PlaceAccess places,
        PeopleDirectory people, CardReadingStore store, IRequiredActor<EvacueeRegion> evacuees, TimeProvider clock)
    {
        if (!PersonIds.IsPerson(personId))
        {
            return PeopleEndpoints.InvalidPersonId();
        }
        if (request?.ReadingId is not { } readingId || request.ShelterId is not { } shelterId)
        {
            return Problems.Invalid("missing-reading", "Send {\"readingId\", \"shelterId\"}: the reading as the desk listed it, and its shelter.");
        }
        var (shelter, refusal) = await places.Shelter(user, shelterId);
        if (refusal is not null)
        {
            return refusal;
        }
        if (await places.Person(user, people, personId) is not { ErasedAt: null })
        {
            return Problems.Of(StatusCodes.Status404NotFound, "unknown-person", "No person with this ID is on record in your scope: register them first.");
        }
        if (await store.Find(readingId, shelter!.Id) is not { } reading)
        {
            return UnknownReading();
        }
        var evacueeId = reading.Content.EvacueeId;
        var at = clock.GetUtcNow();
        var answer = await CredentialLinks.Link(await evacuees.GetAsync(), new LinkCredential(evacueeId, personId, user.TokenIdOf(), at), personId, evacueeId, at);
        if (!answer.Done)
        {
            return Problems.Of(StatusCodes.Status409Conflict, answer.Reason!, answer.Message!);
        }
        await store.Remove(readingId, shelter.Id);
        await people.Note(user.TokenIdOf(), personId, "linked-from-card-reading", reading.Content.CredentialKind);
        return Results.Ok(new LinkView(personId, evacueeId, true));
    }

    private static IResult UnknownReading() =>
        Problems.Of(StatusCodes.Status404NotFound, "unknown-card-reading", "No such card reading waits at this shelter's desk (used, discarded or past its 15 minutes).");

    private static CardReadingView View(CardReadingStore.Waiting w) => new(w.ReadingId, w.ReaderId, w.ReadAt, w.ExpiresAt, w.Content.Name, w.Content.Address,
        w.Content.BirthDate.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), w.Content.Sex, w.Content.CredentialKind);
}
