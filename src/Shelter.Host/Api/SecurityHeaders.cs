using Microsoft.Extensions.Options;
using Shelter.Host.Options;

namespace Shelter.Host.Api;

/// <summary>
/// Headers on every answer: no sniffing, no framing, no referrer, and a page that runs only its own scripts and loads
/// images only from this host, or from the map tile server when one is configured.
/// </summary>
public static class SecurityHeaders
{
    public static IApplicationBuilder UseSecurityHeaders(this IApplicationBuilder app)
    {
        var tiles = app.ApplicationServices.GetRequiredService<IOptions<DashboardOptions>>().Value.TileOrigin;
        var policy = "default-src 'self'; script-src 'self'; style-src-elem 'self'; style-src-attr 'unsafe-inline'; "
            + $"img-src 'self' data:{(tiles is null ? "" : " " + tiles)}; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'";
        return app.Use((context, next) =>
        {
            var headers = context.Response.Headers;
            headers.XContentTypeOptions = "nosniff";
            headers.XFrameOptions = "DENY";
            headers["Referrer-Policy"] = "no-referrer";
            headers.ContentSecurityPolicy = policy;
            return next(context);
        });
    }
}
