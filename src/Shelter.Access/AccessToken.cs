namespace Shelter.Access;

/// <summary>One issued token as the store keeps it: never the secret, only its digest.</summary>
public sealed record AccessToken(
    string Id,
    AccessRole Role,
    string Name,
    AccessScope Scope,
    string SecretHash,
    DateTimeOffset IssuedAt,
    string IssuedBy,
    DateTimeOffset? ExpiresAt,
    DateTimeOffset? RevokedAt = null,
    string? RevokedBy = null,
    TokenUse? LastUse = null)
{
    public bool IsLive(DateTimeOffset now) => RevokedAt is null && (ExpiresAt is null || ExpiresAt > now);
}

/// <summary>
/// When a token was last used and, for a reader, what it said about itself then. For a reader, a use is a successful
/// contact (every tap of the request answered), and <paramref name="OfflineSince"/> is its last successful contact
/// before its latest outage: the start of the window in which its offline taps may lie.
/// </summary>
public sealed record TokenUse(DateTimeOffset At, string? Protocol = null, int? Backlog = null, DateTimeOffset? OfflineSince = null);

/// <summary>A one-time code that a reader station exchanges for its token; only its digest is stored.</summary>
public sealed record RegistrationCode(string ShelterId, string ReaderId, DateTimeOffset ExpiresAt, string IssuedBy);
