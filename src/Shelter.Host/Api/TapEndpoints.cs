using System.Text.Json;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Options;
using Shelter.Host.Access;
using Shelter.Host.Options;
using Shelter.Host.Taps;
using Shelter.Protocol;

namespace Shelter.Host.Api;

/// <summary><c>POST /api/v1/taps</c>: the reader protocol v1 entry point.</summary>
public static class TapEndpoints
{
    public static void MapTapEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapPost(ReaderProtocol.TapsPath, PostTaps).WithName("PostTaps").WithTags("taps")
            .Accepts<TapBatch>("application/json")
            .RequireAuthorization(AccessPolicies.Reader)
            .Produces<TapBatchAnswer>()
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status429TooManyRequests)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);
    }

    private static async Task<IResult> PostTaps(HttpContext context, ShelterDirectory shelters, TapProcessor processor, TokenDirectory tokens,
        TimeProvider clock, IOptions<ShelterOptions> options)
    {
        var scope = context.User.ScopeOf();
        var reader = (ReaderId: scope.ReaderId!, ShelterId: scope.ShelterId!);
        var backlog = int.TryParse(context.Request.Headers[ReaderProtocol.BacklogHeader], System.Globalization.NumberStyles.None,
            System.Globalization.CultureInfo.InvariantCulture, out var waiting) ? waiting : (int?)null;
        tokens.Used(context.User.TokenIdOf(), new Shelter.Access.TokenUse(clock.GetUtcNow(), ReaderProtocol.Version, backlog));
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
            if (shelter is null)
            {
                return Problems.Of(StatusCodes.Status409Conflict, RequestReasons.ShelterNotOpen, $"The reader's shelter {reader.ShelterId} is not open.");
            }
            var results = await processor.Process(taps, new TapParser.ReaderContext(reader.ReaderId, reader.ShelterId, shelter.Value.Zone));
            return Results.Ok(new TapBatchAnswer(results));
        }
    }

    private static IResult TooLarge() =>
        Problems.Of(StatusCodes.Status413PayloadTooLarge, RequestReasons.BodyTooLarge, $"A request body is at most {ReaderProtocol.MaxBodyBytes / 1024 / 1024} MiB; send the backlog in smaller batches.");
}
