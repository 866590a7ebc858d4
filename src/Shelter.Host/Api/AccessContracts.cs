namespace Shelter.Host.Api;

public sealed record SignInRequest(string? Token);

/// <summary>Who is signed in: the token's role, holder and scope (never the token).</summary>
public sealed record SessionView(string Role, string Name, ScopeView Scope);

public sealed record ScopeView(string? Municipality, string? ShelterId, string? ReaderId);

public sealed record IssueTokenRequest(string? Role, string? Name, string? Municipality, string? ShelterId, int? ExpiresInDays);

/// <summary>Returned once, when a token is made: only a digest of it is kept.</summary>
public sealed record IssuedTokenView(string Id, string Token, string Role, string Name, ScopeView Scope, DateTimeOffset? ExpiresAt);

public sealed record TokenView(
    string Id,
    string Role,
    string Name,
    ScopeView Scope,
    DateTimeOffset IssuedAt,
    string IssuedBy,
    DateTimeOffset? ExpiresAt,
    DateTimeOffset? RevokedAt,
    string? RevokedBy,
    DateTimeOffset? LastUsedAt);

/// <summary>A reader as admins see it: its token, when it last called, which protocol it speaks and how many taps it said were waiting.</summary>
public sealed record ReaderView(
    string ReaderId,
    string ShelterId,
    string TokenId,
    DateTimeOffset IssuedAt,
    bool Disabled,
    DateTimeOffset? LastContact,
    string? ProtocolVersion,
    int? Backlog);

public sealed record RegistrationCodeView(string Code, string ShelterId, string ReaderId, DateTimeOffset ExpiresAt);
