using System.Security.Cryptography;
using System.Text;

namespace Shelter.Access;

/// <summary>
/// A token's text: <c>prefix_id_secret</c>. The prefix names the role, the ID finds the record without a scan, and only
/// the SHA-256 of the secret is stored. Every token of a kind has the same length, and secrets are compared as digests,
/// so neither the comparison's time nor its failure says anything about the length or the bytes expected.
/// </summary>
public static class TokenSecret
{
    public const int IdLength = 16;
    public const int SecretLength = 64;
    private const string IdAlphabet = "abcdefghijkmnpqrstuvwxyz23456789";

    public static (string Id, string Text, string SecretHash) Create(AccessRole role)
    {
        var id = RandomNumberGenerator.GetString(IdAlphabet, IdLength);
        var secret = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(SecretLength / 2));
        return (id, $"{role.Prefix()}_{id}_{secret}", Hash(secret));
    }

    /// <summary>The role, ID and secret digest of a presented token, or false when it is not shaped like one.</summary>
    public static bool TryParse(string? text, out AccessRole role, out string id, out string secretHash)
    {
        role = default;
        id = secretHash = "";
        if (text is null || text.Length != 4 + 1 + IdLength + 1 + SecretLength || text[4] != '_' || text[5 + IdLength] != '_'
            || !AccessRoles.TryFromPrefix(text.AsSpan(0, 4), out role))
        {
            return false;
        }
        var idPart = text.AsSpan(5, IdLength);
        var secretPart = text.AsSpan(6 + IdLength);
        if (idPart.ContainsAnyExcept(IdAlphabet) || !secretPart.ContainsOnlyLowerHex())
        {
            return false;
        }
        id = idPart.ToString();
        secretHash = Hash(secretPart);
        return true;
    }

    public static string Hash(ReadOnlySpan<char> secret)
    {
        Span<byte> utf8 = stackalloc byte[Encoding.UTF8.GetMaxByteCount(secret.Length)];
        var length = Encoding.UTF8.GetBytes(secret, utf8);
        return Convert.ToHexStringLower(SHA256.HashData(utf8[..length]));
    }

    /// <summary>Digests are always 64 hex characters, so this takes the same time whatever was presented.</summary>
    public static bool SameDigest(string presented, string stored) =>
        CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(presented), Encoding.ASCII.GetBytes(stored));

    private static bool ContainsOnlyLowerHex(this ReadOnlySpan<char> text)
    {
        foreach (var c in text)
        {
            if (!char.IsAsciiHexDigitLower(c))
            {
                return false;
            }
        }
        return true;
    }
}
