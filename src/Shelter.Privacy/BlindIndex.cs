using System.Security.Cryptography;
using System.Text;

namespace Shelter.Privacy;

/// <summary>
/// Search terms for people that reveal nothing without the privacy key: a keyed hash of the folded name and the birth
/// date. The desk and the safety-enquiry desk find a person by typing both; the store never holds either in clear.
/// </summary>
public sealed class BlindIndex(PrivacyKey key)
{
    private readonly byte[] _key = key.Derive("person-blind-index");

    public string Of(string name, DateOnly birthDate) =>
        Convert.ToHexStringLower(HMACSHA256.HashData(_key, Encoding.UTF8.GetBytes(NameFolding.Fold(name) + "\n" + NameFolding.Date(birthDate))));
}
