using System.Security.Cryptography;

namespace Shelter.Credentials;

/// <summary>How a credential is known before the desk links it to a person: the SHA-256 of its DER certificate, lower-case hex.</summary>
public static class CertificateFingerprint
{
    public static string Of(ReadOnlySpan<byte> der) => Convert.ToHexStringLower(SHA256.HashData(der));
}
