using System.Globalization;

namespace Shelter.Credentials;

/// <summary>A temporary card's ID: the 8-byte FeliCa IDm as 16 hex digits. No cryptography, so lower assurance.</summary>
public readonly record struct TemporaryCardId
{
    public const int HexLength = 16;

    private TemporaryCardId(string value) => Value = value;

    /// <summary>Canonical form: 16 lower-case hex digits.</summary>
    public string Value { get; }

    /// <summary>A fingerprint in the same namespace as certificate fingerprints, so one lookup serves both kinds.</summary>
    public string Fingerprint => "card:" + Value;

    public override string ToString() => Value;

    public static bool TryParse(string? text, out TemporaryCardId id)
    {
        id = default;
        if (text is null || text.Length != HexLength)
        {
            return false;
        }
        foreach (var c in text)
        {
            if (!char.IsAsciiHexDigit(c))
            {
                return false;
            }
        }
        id = new TemporaryCardId(text.ToLower(CultureInfo.InvariantCulture));
        return true;
    }
}
