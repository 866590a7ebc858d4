using System.Security.Cryptography;
using System.Text;

namespace Shelter.Host.Security;

/// <summary>
/// A reader's bearer token: <c>readerId.secret</c>. The reader ID in front lets the host find the registration without
/// a scan; only the SHA-256 of the whole token is stored, so a leaked database does not leak tokens.
/// </summary>
public static class ReaderToken
{
    public static (string Token, string Hash) Create(string readerId)
    {
        var token = readerId + "." + Base64Url(RandomNumberGenerator.GetBytes(32));
        return (token, Hash(token));
    }

    public static string Hash(string token) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)));

    public static string? ReaderIdOf(string token)
    {
        var dot = token.LastIndexOf('.');
        return dot > 0 ? token[..dot] : null;
    }

    public static bool Matches(string token, string storedHash) =>
        CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(Hash(token)), Encoding.ASCII.GetBytes(storedHash));

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
