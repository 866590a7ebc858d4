using System.Globalization;
using System.Security.Claims;
using Akka.Actor;
using Akka.Hosting;
using Shelter.Actors;
using Shelter.Domain;
using Shelter.Host.Access;
using Shelter.Host.Taps;
using Shelter.Privacy;
using Shelter.Protocol;

namespace Shelter.Host.Api;

/// <summary>
/// The desk's everyday work on taps: undoing a wrong one with a reason, recording one for a person without any
/// credential (the paper fallback), and the roll call of who has not been seen lately.
/// </summary>
public static class DeskEndpoints
{
    public const int MaxReason = 500;
    public const int MaxRollCall = 500;

    /// <summary>The reader ID the desk's own taps carry, so reports and the journal tell them from readers' taps.</summary>
    public const string DeskReader = "desk";

    public static void MapDeskEndpoints(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/v1").WithTags("desk").RequireAuthorization(AccessPolicies.Desk);
        api.MapPost("/evacuees/{evacueeId}/corrections", Correct).WithName("CorrectTap")
            .Produces<CorrectionView>().ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);
        api.MapPost("/people/{personId}/desk-taps", DeskTap).WithName("RecordDeskTap")
            .Produces<TapAnswer>().ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
        api.MapPost("/people/{personId}/temporary-cards", IssueCard).WithName("IssueTemporaryCard")
            .Produces<TemporaryCardView>().ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);
        api.MapPost("/temporary-cards/{cardId}/withdrawal", WithdrawCard).WithName("WithdrawTemporaryCard")
            .Produces<TemporaryCardView>().ProducesProblem(StatusCodes.Status400BadRequest);
        api.MapPut("/evacuees/{evacueeId}/hold", PlaceHold).WithName("PlaceHold")
            .Produces<HoldView>().ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status404NotFound);
        api.MapDelete("/evacuees/{evacueeId}/hold", LiftHold).WithName("LiftHold")
            .Produces<HoldView>().ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status404NotFound);
        api.MapGet("/evacuees/{evacueeId}/hold", GetHold).WithName("GetHold")
            .Produces<HoldView>().ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status404NotFound);
        api.MapPost("/shelters/{shelterId}/closing", CloseShelter).WithName("CloseShelterWithEveryone")
            .Produces<ClosingView>().ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound);
        api.MapGet("/shelters/{shelterId}/roll-call", RollCall).WithName("GetRollCall")
            .Produces<RollCallView>().ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound);
    }

    private static async Task<IResult> Correct(string evacueeId, CorrectionRequest? request, ClaimsPrincipal user, PlaceAccess places, ShelterDirectory shelters,
        IRequiredActor<EvacueeRegion> evacuees, TimeProvider clock, PeopleDirectory people)
    {
        if (!Security.EvacueeIds.IsValid(evacueeId))
        {
            return Problems.Invalid("invalid-evacuee-id", $"An evacuee ID is {Security.EvacueeIds.Rule}.");
        }
        if (request?.TapId is null || !Guid.TryParseExact(request.TapId, "D", out var tapId))
        {
            return Problems.Invalid("invalid-tap-id", "Send {\"tapId\": the tap's UUID, \"reason\": why it is undone}.");
        }
        if (string.IsNullOrWhiteSpace(request.Reason) || request.Reason.Length > MaxReason)
        {
            return Problems.Invalid("reason-required", $"Say why the tap is undone (1 to {MaxReason} characters): it is kept with the correction.");
        }
        if (await EvacueeEndpoints.Visible(evacueeId, user, places, shelters, evacuees, followLink: false, people: people) is null)
        {
            return Problems.Of(StatusCodes.Status404NotFound, "unknown-evacuee", "No tap by this credential is on record.");
        }
        var answer = await (await evacuees.GetAsync()).Ask<CorrectionAnswer>(new CorrectTap(evacueeId, tapId, request.Reason.Trim(), user.TokenIdOf(), clock.GetUtcNow()),
            ShelterDirectory.AskTimeout);
        return answer.Done
            ? Results.Ok(new CorrectionView(evacueeId, request.TapId, true))
            : Problems.Of(answer.Reason == CorrectionRefusals.UnknownTap ? StatusCodes.Status404NotFound : StatusCodes.Status409Conflict, answer.Reason!, answer.Message!);
    }

    private static async Task<IResult> DeskTap(string personId, DeskTapRequest? request, ClaimsPrincipal user, PlaceAccess places, PeopleDirectory people,
        IRequiredActor<EvacueeRegion> evacuees, TimeProvider clock)
    {
        if (!PersonIds.IsPerson(personId))
        {
            return PeopleEndpoints.InvalidPersonId();
        }
        if (!WireCodes.TryParse(request?.Action, out TapAction action))
        {
            return Problems.Invalid("unknown-action", $"action must be one of {string.Join(", ", WireCodes.All<TapAction>())}.");
        }
        var tapId = Guid.NewGuid();
        if (request!.TapId is { } given && !Guid.TryParseExact(given, "D", out tapId))
        {
            return Problems.Invalid("invalid-tap-id", "tapId, if given, is a UUID: send the same one again to retry safely.");
        }
        if (request.ShelterId is null)
        {
            return Problems.Invalid("missing-shelter-id", "Say at which shelter: shelterId.");
        }
        var (shelter, refusal) = await places.Shelter(user, request.ShelterId);
        if (refusal is not null)
        {
            return refusal;
        }
        if (await people.Find(personId, user.TokenIdOf()) is not { ErasedAt: null })
        {
            return Problems.Of(StatusCodes.Status404NotFound, "unknown-person", "No person with this ID is on record: register them first.");
        }
        var at = clock.GetUtcNow();
        var meal = action == TapAction.Meal ? MealPeriod.Of(at, ShelterTimeZone.Resolve(shelter!.TimeZone)) : (MealPeriod?)null;
        var tap = new Tap(tapId, DeskReader, shelter!.Id, action, at, LowAssurance: false, meal);
        var outcome = await (await evacuees.GetAsync()).Ask<TapOutcome>(new ProcessTap(personId, tap), ShelterDirectory.AskTimeout);
        return Results.Ok(OutcomeAnswer.From(tapId.ToString(), outcome));
    }

    /// <summary>Issues a temporary card read at the desk to a registered person; it is linked to them at once (the card is in the desk's hand).</summary>
    private static async Task<IResult> IssueCard(string personId, IssueCardRequest? request, ClaimsPrincipal user, PlaceAccess places, PeopleDirectory people,
        IRequiredActor<EvacueeRegion> evacuees, CredentialPseudonyms pseudonyms, TimeProvider clock)
    {
        if (!PersonIds.IsPerson(personId))
        {
            return PeopleEndpoints.InvalidPersonId();
        }
        if (!Credentials.TemporaryCardId.TryParse(request?.CardId, out var card))
        {
            return Problems.Invalid("malformed-card-id", "cardId is the card's IDm: 16 hex digits.");
        }
        if (await places.Person(user, people, personId) is not { ErasedAt: null })
        {
            return Problems.Of(StatusCodes.Status404NotFound, "unknown-person", "No person with this ID is on record in your scope: register them first.");
        }
        var evacueeId = pseudonyms.Of(card.Fingerprint);
        var at = clock.GetUtcNow();
        var answer = await CredentialLinks.Link(await evacuees.GetAsync(), new IssueTemporaryCard(evacueeId, personId, user.TokenIdOf(), at), personId, evacueeId, at);
        return answer.Done
            ? Results.Ok(new TemporaryCardView(card.Value, evacueeId, personId, false))
            : Problems.Of(StatusCodes.Status409Conflict, answer.Reason!, answer.Message!);
    }

    /// <summary>Withdraws a temporary card: every tap of it is refused from now on (<c>card-withdrawn</c>), on every node.</summary>
    private static async Task<IResult> WithdrawCard(string cardId, WithdrawCardRequest? request, ClaimsPrincipal user, IRequiredActor<EvacueeRegion> evacuees,
        CredentialPseudonyms pseudonyms, TimeProvider clock, PlaceAccess places, ShelterDirectory shelters, PeopleDirectory people)
    {
        if (!Credentials.TemporaryCardId.TryParse(cardId, out var card))
        {
            return Problems.Invalid("malformed-card-id", "The card ID is its IDm: 16 hex digits.");
        }
        if (string.IsNullOrWhiteSpace(request?.Reason) || request.Reason.Length > MaxReason)
        {
            return Problems.Invalid("reason-required", $"Say why the card is withdrawn (1 to {MaxReason} characters).");
        }
        var evacueeId = pseudonyms.Of(card.Fingerprint);
        if (!user.ScopeOf().IsEverything && !await InScope(evacueeId, user, places, shelters, people, evacuees))
        {
            return Problems.Of(StatusCodes.Status404NotFound, "unknown-card", "No card with this ID is on record in your scope.");
        }
        var answer = await (await evacuees.GetAsync()).Ask<LinkAnswer>(new WithdrawTemporaryCard(evacueeId, request.Reason.Trim(), user.TokenIdOf(), clock.GetUtcNow()),
            ShelterDirectory.AskTimeout);
        return Results.Ok(new TemporaryCardView(card.Value, evacueeId, answer.PersonId is { Length: > 0 } p ? p : null, true));
    }

    /// <summary>
    /// Puts a credential on hold (its pseudonym, as the evacuee view lists a person's credentials): every node refuses
    /// its taps within seconds (<c>on-hold</c>), except offline taps made before <see cref="HoldRequest.Since"/>.
    /// </summary>
    private static async Task<IResult> PlaceHold(string evacueeId, HoldRequest? request, ClaimsPrincipal user, PlaceAccess places, ShelterDirectory shelters,
        PeopleDirectory people, IRequiredActor<EvacueeRegion> evacuees, CredentialHoldStore holds, TimeProvider clock)
    {
        if (await HoldRefusal(evacueeId, user, places, shelters, people, evacuees) is { } refused)
        {
            return refused;
        }
        if (string.IsNullOrWhiteSpace(request?.Reason) || request.Reason.Length > MaxReason)
        {
            return Problems.Invalid("reason-required", $"Say why the credential is held (1 to {MaxReason} characters), such as a lost phone.");
        }
        var now = clock.GetUtcNow();
        var since = request.Since ?? now;
        if (since > now)
        {
            return Problems.Invalid("hold-in-future", "since is when the credential was lost: not later than now.");
        }
        await holds.Place(evacueeId, request.Reason.Trim(), since, user.TokenIdOf());
        return Results.Ok(new HoldView(evacueeId, true, request.Reason.Trim(), since));
    }

    private static async Task<IResult> LiftHold(string evacueeId, ClaimsPrincipal user, PlaceAccess places, ShelterDirectory shelters, PeopleDirectory people,
        IRequiredActor<EvacueeRegion> evacuees, CredentialHoldStore holds, TimeProvider clock)
    {
        if (await HoldRefusal(evacueeId, user, places, shelters, people, evacuees) is { } refused)
        {
            return refused;
        }
        return await holds.Lift(evacueeId, clock.GetUtcNow(), user.TokenIdOf())
            ? Results.Ok(new HoldView(evacueeId, false, null, null))
            : Problems.Of(StatusCodes.Status404NotFound, "no-hold", "This credential is not on hold.");
    }

    private static async Task<IResult> GetHold(string evacueeId, ClaimsPrincipal user, PlaceAccess places, ShelterDirectory shelters, PeopleDirectory people,
        IRequiredActor<EvacueeRegion> evacuees, Holds.HeldCredentials held)
    {
        if (await HoldRefusal(evacueeId, user, places, shelters, people, evacuees) is { } refused)
        {
            return refused;
        }
        return held.Find(evacueeId) is { } hold
            ? Results.Ok(new HoldView(evacueeId, true, hold.Reason, hold.Since))
            : Results.Ok(new HoldView(evacueeId, false, null, null));
    }

    private static async Task<IResult?> HoldRefusal(string evacueeId, ClaimsPrincipal user, PlaceAccess places, ShelterDirectory shelters, PeopleDirectory people,
        IRequiredActor<EvacueeRegion> evacuees)
    {
        if (!Security.EvacueeIds.IsCredential(evacueeId))
        {
            return Problems.Invalid("invalid-evacuee-id", "A hold is placed on a credential: its pseudonym, 64 hex digits.");
        }
        return user.ScopeOf().IsEverything || await InScope(evacueeId, user, places, shelters, people, evacuees)
            ? null
            : Problems.Of(StatusCodes.Status404NotFound, "unknown-evacuee", "No credential with this ID is on record in your scope.");
    }

    /// <summary>A card is the desk's to withdraw when its holder is at a shelter in scope, or it is issued to a person registered in scope.</summary>
    private static async Task<bool> InScope(string evacueeId, ClaimsPrincipal user, PlaceAccess places, ShelterDirectory shelters, PeopleDirectory people,
        IRequiredActor<EvacueeRegion> evacuees)
    {
        if (await EvacueeEndpoints.Visible(evacueeId, user, places, shelters, evacuees) is { } seen)
        {
            return true;
        }
        var status = await (await evacuees.GetAsync()).Ask<EvacueeStatus>(new GetEvacuee(evacueeId), ShelterDirectory.AskTimeout);
        return status.LinkedPersonId is { } personId && await places.Person(user, people, personId) is not null;
    }

    /// <summary>
    /// Closes a shelter in one act: it stops taking taps, and everyone in it is checked out, or moved to another
    /// shelter, by desk taps whose IDs derive from this act and the person (so a repeat within the act counts once).
    /// Works in rounds of the roll call until the shelter counts no one, or rounds run out.
    /// </summary>
    private static async Task<IResult> CloseShelter(string shelterId, CloseShelterRequest? request, ClaimsPrincipal user, PlaceAccess places,
        ShelterDirectory shelters, IRequiredActor<EvacueeRegion> evacueeRegion, IRequiredActor<ShelterRegion> shelterRegion, TimeProvider clock)
    {
        var (shelter, refusal) = await places.Shelter(user, shelterId);
        if (refusal is not null)
        {
            return refusal;
        }
        string? target = null;
        if (request?.MoveTo is { } moveTo)
        {
            var (to, toRefusal) = await places.Shelter(user, moveTo);
            if (toRefusal is not null)
            {
                return toRefusal;
            }
            if (to!.Id == shelter!.Id || await shelters.Find(to.Id) is not { Open: true })
            {
                return Problems.Invalid("invalid-move-target", "moveTo must be another shelter that is open.");
            }
            target = to.Id;
        }
        var closedAt = clock.GetUtcNow();
        await shelters.Close(shelter!.Id, closedAt);
        var act = Guid.NewGuid();
        var (evacuees, sheltersRef) = (await evacueeRegion.GetAsync(), await shelterRegion.GetAsync());
        var done = new HashSet<string>(StringComparer.Ordinal);
        var remaining = 0;
        var deadline = clock.GetUtcNow() + ClosingTakesAtMost;
        while (clock.GetUtcNow() < deadline)
        {
            var roll = await sheltersRef.Ask<Actors.RollCall>(new GetRollCall(shelter.Id, DateTimeOffset.MaxValue, ClosingBatch), ShelterDirectory.AskTimeout);
            remaining = roll.Occupancy;
            var todo = roll.Quiet.Where(o => !done.Contains(o.EvacueeId)).ToList();
            if (remaining == 0)
            {
                break;
            }
            if (todo.Count == 0)
            {
                // Everyone listed was tapped out already; the shelter counts them until the relay brings those taps.
                await Task.Delay(TimeSpan.FromMilliseconds(250), clock);
                continue;
            }
            await Parallel.ForEachAsync(todo, new ParallelOptions { MaxDegreeOfParallelism = 32 }, async (occupant, _) =>
            {
                var tap = new Tap(TapIdOf(act, occupant.EvacueeId), DeskReader, target ?? shelter.Id, target is null ? TapAction.CheckOut : TapAction.CheckIn,
                    clock.GetUtcNow(), false);
                await evacuees.Ask<TapOutcome>(new ProcessTap(occupant.EvacueeId, tap), ShelterDirectory.AskTimeout);
            });
            done.UnionWith(todo.Select(o => o.EvacueeId));
        }
        return Results.Ok(new ClosingView(shelter.Id, target, target is null ? done.Count : 0, target is null ? 0 : done.Count, remaining, closedAt));
    }

    /// <summary>How long closing keeps at it before it answers with whoever is still counted.</summary>
    private static readonly TimeSpan ClosingTakesAtMost = TimeSpan.FromSeconds(60);

    private const int ClosingBatch = 1_000;

    private static Guid TapIdOf(Guid act, string evacueeId)
    {
        var hash = System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes($"{act:N}\n{evacueeId}"));
        return new Guid(hash.AsSpan(0, 16));
    }

    private static async Task<IResult> RollCall(string shelterId, double? quietHours, int? limit, ClaimsPrincipal user, PlaceAccess places, PeopleDirectory people,
        IRequiredActor<ShelterRegion> shelterRegion, TimeProvider clock)
    {
        var hours = quietHours ?? 6;
        var count = limit ?? 100;
        if (hours is < 0 or > 24 * 8 || count is < 1 or > MaxRollCall)
        {
            return Problems.Invalid("invalid-roll-call", $"quietHours is 0 to {24 * 8} (default 6); limit is 1 to {MaxRollCall} (default 100).");
        }
        var (shelter, refusal) = await places.Shelter(user, shelterId);
        if (refusal is not null)
        {
            return refusal;
        }
        var since = clock.GetUtcNow().AddHours(-hours);
        var roll = await (await shelterRegion.GetAsync()).Ask<Actors.RollCall>(new GetRollCall(shelter!.Id, since, count), ShelterDirectory.AskTimeout);
        var entries = new List<RollCallEntry>(roll.Quiet.Length);
        foreach (var quiet in roll.Quiet)
        {
            var person = PersonIds.IsPerson(quiet.EvacueeId) ? await people.Find(quiet.EvacueeId, user.TokenIdOf()) : null;
            entries.Add(new RollCallEntry(quiet.EvacueeId, person?.PersonId, person?.Record?.Name, quiet.Provisional, quiet.LastSeen));
        }
        return Results.Ok(new RollCallView(shelter.Id, roll.Occupancy, since, [.. entries]));
    }
}
