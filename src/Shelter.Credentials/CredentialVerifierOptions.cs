namespace Shelter.Credentials;

public sealed class CredentialVerifierOptions
{
    /// <summary>A real user-authentication certificate is about 1.5 KB; anything over this is refused unread.</summary>
    public const int MaxCertificateBytes = 8 * 1024;

    /// <summary>ECDSA P-384 DER signatures are at most 104 bytes, RSA ones the modulus size; 1 KiB covers RSA-8192.</summary>
    public const int MaxSignatureBytes = 1024;

    /// <summary>Development mode: trust roots with <c>O=JPKI-TEST</c> (test cards, the project's dev CA).</summary>
    public bool AllowTestRoots { get; set; }

    /// <summary>
    /// Memory for remembered certificate checks, in bytes as the cache estimates them. A good certificate's entry is
    /// about 2 KB, a refused one's (fingerprint and reason only) a few hundred bytes; the bound holds whatever a reader sends.
    /// </summary>
    public long ChainCacheBytes { get; set; } = 256L * 1024 * 1024;

    /// <summary>Memory for remembered refusals, kept apart so that garbage never pushes a good card's check out.</summary>
    public long RefusedCacheBytes { get; set; } = 16L * 1024 * 1024;
}
