using System.Net.ServerSentEvents;
using System.Text.Json.Serialization;
using Shelter.Station.Demo;

namespace Shelter.Station.Screen;

/// <summary>The switch the volunteer uses: a new action.</summary>
public sealed record ActionRequest([property: JsonPropertyName("action")] string? Action);

/// <summary>The digits typed on the PIN pad (in the body, never in a URL).</summary>
public sealed record PinRequest([property: JsonPropertyName("pin")] string? Pin);

/// <summary>A registration code from the desk, typed on the screen.</summary>
public sealed record RegisterRequest([property: JsonPropertyName("code")] string? Code);

/// <summary>A card from the demo's shelf to put on the virtual reader.</summary>
public sealed record PresentRequest([property: JsonPropertyName("card")] string? Card);

/// <summary>The page and the few calls it makes; all behind <see cref="ScreenGuard"/>.</summary>
public static class ScreenEndpoints
{
    public static void MapScreen(this IEndpointRouteBuilder app)
    {
        app.MapGet("/start", Start).ExcludeFromDescription();
        app.MapGet("/", () => TypedResults.Content(ScreenAssets.Read("index.html"), "text/html; charset=utf-8")).ExcludeFromDescription();
        app.MapGet("/station.js", () => TypedResults.Content(ScreenAssets.Read("station.js"), "text/javascript; charset=utf-8")).ExcludeFromDescription();
        app.MapGet("/station.css", () => TypedResults.Content(ScreenAssets.Read("station.css"), "text/css; charset=utf-8")).ExcludeFromDescription();

        var api = app.MapGroup("/api");
        api.MapGet("/screen", (StationScreen screen) => TypedResults.Ok(screen.View));
        api.MapGet("/events", (StationScreen screen, CancellationToken cancel) =>
            TypedResults.ServerSentEvents(Events(screen, cancel)));
        api.MapPost("/action", SwitchAction);
        api.MapPost("/pin", EnterPin);
        api.MapPost("/pin/cancel", (ScreenPinPad pins) => pins.Cancel()
            ? Results.NoContent()
            : ScreenProblems.Of(StatusCodes.Status409Conflict, "no-pin-asked", "No PIN is being asked for."));
        api.MapPost("/card-face/confirm", async (StationRuntime runtime, CancellationToken cancel) => await runtime.ConfirmCardFace(cancel) is { } result
            ? Results.Ok(result)
            : ScreenProblems.Of(StatusCodes.Status409Conflict, "no-card-face", "No card-face attributes are waiting for confirmation."));
        api.MapPost("/card-face/discard", (StationRuntime runtime) => runtime.DiscardCardFace()
            ? Results.NoContent()
            : ScreenProblems.Of(StatusCodes.Status409Conflict, "no-card-face", "No card-face attributes are waiting for confirmation."));
        api.MapPost("/register", Register);
        api.MapPost("/resume", (StationRuntime runtime) =>
        {
            runtime.Resume();
            return TypedResults.NoContent();
        });
        api.MapPost("/attention/{tapId}/dismiss", (string tapId, StationRuntime runtime) => runtime.Dismiss(tapId)
            ? Results.NoContent()
            : ScreenProblems.Of(StatusCodes.Status404NotFound, "unknown-tap", "No tap with this ID needs attention."));
        api.MapGet("/demo/cards", (StationRuntime runtime) => runtime.DemoReader is { } demo
            ? Results.Ok(demo.Cards)
            : ScreenProblems.Of(StatusCodes.Status404NotFound, "not-demo", "The station is not in demo mode."));
        api.MapPost("/demo/present", Present);
    }

    private static async IAsyncEnumerable<SseItem<ScreenView>> Events(StationScreen screen, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancel)
    {
        await foreach (var view in screen.Watch(cancel))
        {
            yield return new SseItem<ScreenView>(view, "screen");
        }
    }

    private static IResult Start(string? code, ScreenSessions sessions, HttpContext context)
    {
        if (sessions.Open(code) is not { } session)
        {
            context.Response.StatusCode = StatusCodes.Status403Forbidden;
            return TypedResults.Content(ScreenAssets.NoSessionPage(sessions.LinkFile), "text/html; charset=utf-8", statusCode: StatusCodes.Status403Forbidden);
        }
        context.Response.Cookies.Append(ScreenSessions.CookieName, session, new CookieOptions
        {
            HttpOnly = true,
            SameSite = SameSiteMode.Strict,
            Path = "/",
            IsEssential = true,
        });
        return TypedResults.Redirect("/");
    }

    private static IResult SwitchAction(ActionRequest request, StationRuntime runtime) => runtime.SwitchAction(request.Action ?? "")
        ? Results.NoContent()
        : ScreenProblems.Of(StatusCodes.Status400BadRequest, "unknown-action", $"action must be one of {string.Join(", ", StationScreen.Actions)}.");

    private static IResult EnterPin(PinRequest request, ScreenPinPad pins)
    {
        if (!ScreenPinPad.IsWellFormed(request.Pin))
        {
            return ScreenProblems.Of(StatusCodes.Status400BadRequest, "malformed-pin", "The PIN is 4 digits.");
        }
        return pins.Enter(request.Pin!)
            ? Results.NoContent()
            : ScreenProblems.Of(StatusCodes.Status409Conflict, "no-pin-asked", "No PIN is being asked for.");
    }

    private static async Task<IResult> Register(RegisterRequest request, StationRuntime runtime, CancellationToken cancel)
    {
        if (string.IsNullOrWhiteSpace(request.Code) || request.Code.Length > 64)
        {
            return ScreenProblems.Of(StatusCodes.Status400BadRequest, "malformed-code", "Type the registration code from the desk.");
        }
        var registration = await runtime.Register(request.Code.Trim(), cancel);
        return registration.Error is { } error
            ? ScreenProblems.Of(StatusCodes.Status400BadRequest, "registration-failed", error)
            : Results.Ok(registration);
    }

    private static IResult Present(PresentRequest request, StationRuntime runtime)
    {
        if (runtime.DemoReader is not { } demo)
        {
            return ScreenProblems.Of(StatusCodes.Status404NotFound, "not-demo", "The station is not in demo mode.");
        }
        if (request.Card is not { } id || !demo.TryPresent(id, out var channel, out var atr))
        {
            return ScreenProblems.Of(StatusCodes.Status400BadRequest, "unknown-card", "No such card on the demo shelf.");
        }
        // The reading waits for the PIN pad, which this page answers with another request: it runs on its own.
        _ = Task.Run(() => runtime.Tap(channel, atr));
        return Results.Accepted();
    }
}
