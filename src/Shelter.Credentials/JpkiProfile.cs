namespace Shelter.Credentials;

/// <summary>Facts of the JPKI user-authentication certificate profile that issuers and verifiers share.</summary>
public static class JpkiProfile
{
    /// <summary>The certificate policy every JPKI user-authentication certificate carries.</summary>
    public const string UserAuthenticationPolicy = "1.2.392.200149.8.5.1.3.30";
}
