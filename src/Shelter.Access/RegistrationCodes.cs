using System.Security.Cryptography;

namespace Shelter.Access;

/// <summary>
/// Registration codes a volunteer types on a station: twelve characters in three groups, from an alphabet without
/// look-alikes (no 0/O, 1/I/L), read case-insensitively; 60 bits, valid for minutes, used once.
/// </summary>
public static class RegistrationCodes
{
    private const string Alphabet = "ABCDEFGHJKMNPQRSTUVWXYZ23456789";
    private const int Length = 12;

    public static (string Code, string Hash) Create()
    {
        var raw = RandomNumberGenerator.GetString(Alphabet, Length);
        return ($"{raw[..4]}-{raw[4..8]}-{raw[8..]}", TokenSecret.Hash(raw));
    }

    /// <summary>The digest of a typed code (any case, with or without the dashes and spaces), or null when it cannot be one.</summary>
    public static string? HashOf(string? typed)
    {
        if (typed is null || typed.Length > 32)
        {
            return null;
        }
        var raw = new string([.. typed.Where(c => c is not ('-' or ' ')).Select(char.ToUpperInvariant)]);
        return raw.Length == Length && raw.All(c => Alphabet.Contains(c)) ? TokenSecret.Hash(raw) : null;
    }
}
