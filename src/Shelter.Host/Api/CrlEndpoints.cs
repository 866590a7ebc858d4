using System.Security.Claims;
using Shelter.Credentials.Revocation;
using Shelter.Host.Access;
using Shelter.Host.Revocation;
using Shelter.Host.Security;
using Shelter.Protocol;

namespace Shelter.Host.Api;

/// <summary>A CRL in force, as operators see it.</summary>
public sealed record CrlView(string Issuer, string AnchorFingerprint, DateTimeOffset ThisUpdate, DateTimeOffset? NextUpdate, int RevokedCount, bool Overdue);

/// <summary>
/// Operators import CRLs at run time (admin): the CRL is checked here (signed by a trusted root, not older than the
/// one in force), archived in the shared database, and loaded by every node within seconds (<see cref="CrlFollower"/>).
/// </summary>
public static class CrlEndpoints
{
    /// <summary>The largest CRL taken: J-LIS's complete lists are large.</summary>
    public const long MaxCrlBytes = 64 * 1024 * 1024;

    public static void MapCrlEndpoints(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/v1/crls").WithTags("revocation").RequireAuthorization(AccessPolicies.Admin);
        api.MapPost("", Import).WithName("ImportCrl")
            .Accepts<byte[]>("application/pkix-crl", "application/x-pem-file")
            .Produces<CrlView>(StatusCodes.Status201Created)
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status409Conflict).ProducesProblem(StatusCodes.Status413PayloadTooLarge);
        api.MapGet("", (CrlStore crls, TimeProvider clock) => TypedResults.Ok(crls.Loaded().Select(c => View(c, clock.GetUtcNow())).ToArray()))
            .WithName("ListCrls");
    }

    private static async Task<IResult> Import(HttpContext context, ClaimsPrincipal user, CrlStore crls, CrlArchive archive, TimeProvider clock)
    {
        if (await RequestBodies.ReadAll(context, MaxCrlBytes) is not { } body)
        {
            return TooLarge();
        }
        if (body.Length == 0)
        {
            return Problems.Invalid("missing-body", "Send the CRL as the body: DER (Content-Type: application/pkix-crl) or PEM.");
        }
        var import = crls.Import(body);
        if (!import.Imported)
        {
            return import.Older
                ? Problems.Of(StatusCodes.Status409Conflict, "older-crl", import.Error!)
                : Problems.Invalid("invalid-crl", import.Error!);
        }
        await archive.Add(Credentials.DerOrPem.Decode(body), clock.GetUtcNow(), user.TokenIdOf());
        return Results.Created("/api/v1/crls", View(import.Loaded!, clock.GetUtcNow()));
    }

    private static IResult TooLarge() =>
        Problems.Of(StatusCodes.Status413PayloadTooLarge, RequestReasons.BodyTooLarge, $"A CRL is at most {MaxCrlBytes / 1024 / 1024} MiB.");

    private static CrlView View(LoadedCrl c, DateTimeOffset now) => new(c.Issuer, c.AnchorFingerprint, c.ThisUpdate, c.NextUpdate, c.RevokedCount, c.OverdueAt(now));
}
