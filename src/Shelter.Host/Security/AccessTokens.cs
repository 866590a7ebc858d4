using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;
using Shelter.Host.Options;

namespace Shelter.Host.Security;

/// <summary>The admin and viewer tokens in force. With no admin token configured, one is made at start (and printed).</summary>
public sealed class AccessTokens
{
    public AccessTokens(IOptions<ShelterOptions> options)
    {
        var configured = options.Value.AdminToken;
        AdminWasGenerated = string.IsNullOrWhiteSpace(configured);
        Admin = AdminWasGenerated ? "adm_" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(24)) : configured!;
        Viewer = string.IsNullOrWhiteSpace(options.Value.ViewerToken) ? null : options.Value.ViewerToken;
    }

    public string Admin { get; }

    public string? Viewer { get; }

    public bool AdminWasGenerated { get; }

    public bool IsAdmin(string? bearer) => Same(bearer, Admin);

    public bool IsViewer(string? bearer) => IsAdmin(bearer) || (Viewer is not null && Same(bearer, Viewer));

    public static string? Bearer(HttpRequest request)
    {
        var header = request.Headers.Authorization.ToString();
        return header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) ? header["Bearer ".Length..].Trim() : null;
    }

    private static bool Same(string? presented, string expected) =>
        presented is not null && CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(presented), Encoding.UTF8.GetBytes(expected));
}
