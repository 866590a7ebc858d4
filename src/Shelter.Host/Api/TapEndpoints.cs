using System.Text.Json;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Options;
using Shelter.Host.Access;
using Shelter.Host.Options;
using Shelter.Host.Taps;
using Shelter.Host.Telemetry;
using Shelter.Protocol;

namespace Shelter.Host.Api;

/// <summary>
/// <c>POST /api/v1/taps</c> and <c>POST /api/v2/taps</c>: the reader protocol's entry points. The two take the same
/// batches and differ in the challenge a credential signs; a reader that has used v2 is refused v1 from then on.
/// </summary>
public static class TapEndpoints
{
    public static void MapTapEndpoints(this IEndpointRouteBuilder app)
    {
        Map(app, ReaderProtocol.V1, "PostTaps");
        Map(app, ReaderProtocol.V2, "PostTapsV2");
        app.MapGet(ReaderProtocol.NoncesPath, IssueNonces).WithName("GetServerNonces").WithTags("taps")
            .RequireAuthorization(AccessPolicies.Reader)
            .Produces<ServerNonceBatch>()
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status429TooManyRequests);
        app.MapGet(ReaderProtocol.ProfilePath, Profile).WithName("GetReaderProfile").WithTags("taps")
            .RequireAuthorization(AccessPolicies.Reader)
            .Produces<ReaderProfile>()
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status429TooManyRequests);
    }

    /// <summary>The reader's shelter as opened (name, time zone) and its tap policy, which the station shows and follows.</summary>
    private static async Task<IResult> Profile(HttpContext context, ShelterDirectory shelters, TokenDirectory tokens)
    {
        var scope = context.User.ScopeOf();
        if ((await tokens.Current(context.User.TokenIdOf())).Token is null)
        {
            return Revoked();
        }
        if (await shelters.Find(scope.ShelterId!) is not { Open: true } shelter)
        {
            return Problems.Of(StatusCodes.Status409Conflict, RequestReasons.ShelterNotOpen, $"The reader's shelter {scope.ShelterId} is not open.");
        }
        return TypedResults.Ok(new ReaderProfile(scope.ReaderId!, scope.ShelterId!, shelter.Info.Name, shelter.Info.TimeZone, shelter.Info.AllowCertificateOnly));
    }

    /// <summary>Server nonces for this reader: <c>count</c> of them (1 to 100, default 10), for the online taps it makes next.</summary>
    private static async Task<IResult> IssueNonces(HttpContext context, ServerNonces nonces, TokenDirectory tokens, ReaderContacts contacts, TimeProvider clock,
        int? count)
    {
        if (count is not null and not (>= 1 and <= ReaderProtocol.MaxNoncesPerRequest))
        {
            return Problems.Invalid(RequestReasons.InvalidCount, $"count must be 1 to {ReaderProtocol.MaxNoncesPerRequest}.");
        }
        if ((await tokens.Current(context.User.TokenIdOf())).Token is not { } token)
        {
            return Revoked();
        }
        var now = clock.GetUtcNow();
        var window = await contacts.OfflineSince(token, now);
        var (issued, expiresAt) = nonces.Issue(context.User.ScopeOf().ReaderId!, count ?? 10);
        contacts.Succeeded(token, now, window, ReaderProtocol.V2, null);
        return TypedResults.Ok(new ServerNonceBatch([.. issued.Select(Convert.ToBase64String)], expiresAt));
    }

    private static void Map(IEndpointRouteBuilder app, string version, string name) =>
        app.MapPost(ReaderProtocol.TapsPathOf(version), (HttpContext context, ShelterDirectory shelters, TapProcessor processor, TokenDirectory tokens,
                ReaderContacts contacts, TimeProvider clock, IOptions<ShelterOptions> options, ShelterMetrics metrics) =>
                Measured(version, context, clock, metrics, () => PostTaps(version, context, shelters, processor, tokens, contacts, clock, options, metrics)))
            .WithName(name).WithTags("taps")
            .Accepts<TapBatch>("application/json")
            .RequireAuthorization(AccessPolicies.Reader)
            .Produces<TapBatchAnswer>()
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status429TooManyRequests)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);

    /// <summary>An upload as operators count it: its outcome, how long it took, and the backlog the station said it held.</summary>
    private static async Task<IResult> Measured(string version, HttpContext context, TimeProvider clock, ShelterMetrics metrics, Func<Task<IResult>> upload)
    {
        var started = clock.GetTimestamp();
        var result = await upload();
        var backlog = BacklogOf(context);
        metrics.Uploaded(version, (result as IStatusCodeHttpResult)?.StatusCode ?? StatusCodes.Status200OK, clock.GetElapsedTime(started), backlog);
        return result;
    }

    /// <summary>How many taps the station says it still holds (<see cref="ReaderProtocol.BacklogHeader"/>), if it says.</summary>
    private static int? BacklogOf(HttpContext context) => int.TryParse(context.Request.Headers[ReaderProtocol.BacklogHeader],
        System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var waiting) ? waiting : null;

    private static async Task<IResult> PostTaps(string version, HttpContext context, ShelterDirectory shelters, TapProcessor processor,
        TokenDirectory tokens, ReaderContacts contacts, TimeProvider clock, IOptions<ShelterOptions> options, ShelterMetrics metrics)
    {
        var scope = context.User.ScopeOf();
        var reader = (ReaderId: scope.ReaderId!, ShelterId: scope.ShelterId!);
        if ((await tokens.Current(context.User.TokenIdOf())).Token is not { } token)
        {
            return Revoked();
        }
        if (version == ReaderProtocol.V1 && !options.Value.AcceptProtocolV1)
        {
            return Problems.Of(StatusCodes.Status403Forbidden, RequestReasons.ProtocolDisabled,
                $"This deployment takes taps only in protocol v2 ({ReaderProtocol.TapsPathV2}); update the reader.");
        }
        if (version == ReaderProtocol.V1 && (await tokens.LastUse(token.Id))?.Protocol == ReaderProtocol.V2)
        {
            return Problems.Of(StatusCodes.Status403Forbidden, RequestReasons.ProtocolDowngrade,
                $"Reader {reader.ReaderId} has sent taps in protocol v2 and is refused v1 from then on: send them to {ReaderProtocol.TapsPathV2}.");
        }
        var backlog = BacklogOf(context);
        var now = clock.GetUtcNow();
        var sizeLimit = context.Features.Get<IHttpMaxRequestBodySizeFeature>();
        if (sizeLimit is { IsReadOnly: false })
        {
            sizeLimit.MaxRequestBodySize = ReaderProtocol.MaxBodyBytes;
        }
        if (context.Request.ContentLength > ReaderProtocol.MaxBodyBytes)
        {
            return TooLarge();
        }
        JsonDocument document;
        try
        {
            document = await JsonDocument.ParseAsync(context.Request.Body, new JsonDocumentOptions { MaxDepth = 16 }, context.RequestAborted);
        }
        catch (JsonException ex)
        {
            return Problems.Invalid(RequestReasons.MalformedJson, $"The body is not valid JSON: {ex.Message}");
        }
        catch (BadHttpRequestException ex) when (ex.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return TooLarge();
        }
        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty(TapFields.Taps, out var taps) || taps.ValueKind != JsonValueKind.Array)
            {
                return Problems.Invalid(RequestReasons.MissingTaps, $"The body must be an object with a \"{TapFields.Taps}\" array.");
            }
            var count = taps.GetArrayLength();
            if (count == 0)
            {
                return Problems.Invalid(RequestReasons.EmptyBatch, $"The \"{TapFields.Taps}\" array is empty.");
            }
            if (count > options.Value.MaxTapsPerRequest)
            {
                return Problems.Invalid(RequestReasons.BatchTooLarge, $"A request carries at most {options.Value.MaxTapsPerRequest} taps; this one has {count}. Split the backlog.");
            }
            var shelter = await shelters.Find(reader.ShelterId);
            if (shelter is not { Open: true })
            {
                return Problems.Of(StatusCodes.Status409Conflict, RequestReasons.ShelterNotOpen, $"The reader's shelter {reader.ShelterId} is not open.");
            }
            var window = await contacts.OfflineSince(token, now);
            var results = await processor.Process(taps, new TapParser.ReaderContext(reader.ReaderId, reader.ShelterId, shelter.Value.Zone, version, window.Since,
                shelter.Value.Info.AllowCertificateOnly, shelter.Value.Info.AllowWalkIns));
            if (!results.Any(r => r.Reason == TapReasons.Unavailable))
            {
                contacts.Succeeded(token, now, window, version, backlog);
            }
            metrics.Answered(results, version);
            return Results.Ok(new TapBatchAnswer(results));
        }
    }

    internal static IResult Revoked() =>
        Problems.Of(StatusCodes.Status401Unauthorized, RequestReasons.TokenRevoked, "This reader's token was revoked a moment ago; register the reader again.");

    private static IResult TooLarge() =>
        Problems.Of(StatusCodes.Status413PayloadTooLarge, RequestReasons.BodyTooLarge, $"A request body is at most {ReaderProtocol.MaxBodyBytes / 1024 / 1024} MiB; send the backlog in smaller batches.");
}
