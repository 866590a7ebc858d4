namespace Shelter.Station.Screen;

/// <summary>
/// Only the station's own page drives it: requests must name the loopback host it listens on (which defeats DNS
/// rebinding), changes must come from its own origin, and everything but the start link and the page's static
/// files needs the session the start link gave. Every answer forbids framing, caching and referrers.
/// </summary>
public static class ScreenGuard
{
    private static readonly string[] LoopbackNames = ["127.0.0.1", "localhost", "[::1]"];

    public static IApplicationBuilder UseScreenGuard(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        var headers = context.Response.Headers;
        headers.ContentSecurityPolicy = "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self' data:; frame-ancestors 'none'; base-uri 'none'; form-action 'self'";
        headers.XFrameOptions = "DENY";
        headers.XContentTypeOptions = "nosniff";
        headers.CacheControl = "no-store";
        headers["Referrer-Policy"] = "no-referrer";
        var request = context.Request;
        var local = context.Connection.LocalPort;
        if (!request.Host.HasValue || !LoopbackNames.Contains(request.Host.Host, StringComparer.OrdinalIgnoreCase) || request.Host.Port != local)
        {
            await ScreenProblems.Write(context, StatusCodes.Status421MisdirectedRequest, "wrong-host", "The screen answers only at its own loopback address.");
            return;
        }
        if (!HttpMethods.IsGet(request.Method) && !HttpMethods.IsHead(request.Method)
            && request.Headers.Origin.ToString() != $"{request.Scheme}://{request.Host}")
        {
            await ScreenProblems.Write(context, StatusCodes.Status403Forbidden, "wrong-origin", "Changes are taken only from the station's own page.");
            return;
        }
        var path = request.Path.Value ?? "/";
        if (path is "/start" or "/station.js" or "/station.css" or "/favicon.ico")
        {
            await next();
            return;
        }
        var sessions = context.RequestServices.GetRequiredService<ScreenSessions>();
        if (!sessions.IsValid(request.Cookies[ScreenSessions.CookieName]))
        {
            if (path.StartsWith("/api/", StringComparison.Ordinal))
            {
                await ScreenProblems.Write(context, StatusCodes.Status401Unauthorized, "no-session", "Open the screen from its start link first.");
            }
            else
            {
                context.Response.StatusCode = StatusCodes.Status403Forbidden;
                context.Response.ContentType = "text/html; charset=utf-8";
                await context.Response.WriteAsync(ScreenAssets.NoSessionPage(sessions.LinkFile));
            }
            return;
        }
        await next();
    });
}

/// <summary>Problem details with the <c>reason</c> every refusal carries.</summary>
public static class ScreenProblems
{
    public static IResult Of(int status, string reason, string detail) =>
        TypedResults.Problem(detail, statusCode: status, extensions: new Dictionary<string, object?> { ["reason"] = reason });

    public static Task Write(HttpContext context, int status, string reason, string detail) => Of(status, reason, detail).ExecuteAsync(context);
}
