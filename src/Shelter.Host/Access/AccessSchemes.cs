namespace Shelter.Host.Access;

/// <summary>The authentication schemes: a bearer token for programs, a session cookie for people at a page, and the selector between them.</summary>
public static class AccessSchemes
{
    public const string Token = "token";
    public const string Session = "session";
    public const string Either = "token-or-session";
    public const string CookieName = "shelter-session";
}
