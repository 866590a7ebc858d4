using Microsoft.AspNetCore.Http.Features;

namespace Shelter.Host.Api;

/// <summary>A file sent as a request's whole body, read with the endpoint's own size limit instead of the server's.</summary>
internal static class RequestBodies
{
    /// <summary>The body's bytes, or null when it is larger than <paramref name="maxBytes"/> (said or found).</summary>
    public static async Task<byte[]?> ReadAll(HttpContext context, long maxBytes)
    {
        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
        {
            limit.MaxRequestBodySize = maxBytes;
        }
        if (context.Request.ContentLength > maxBytes)
        {
            return null;
        }
        try
        {
            using var buffer = new MemoryStream();
            await context.Request.Body.CopyToAsync(buffer, context.RequestAborted);
            return buffer.ToArray();
        }
        catch (BadHttpRequestException ex) when (ex.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return null;
        }
    }
}
