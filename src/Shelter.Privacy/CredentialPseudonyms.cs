using System.Security.Cryptography;
using System.Text;

namespace Shelter.Privacy;

/// <summary>
/// How a credential is known inside Shelter: a keyed hash of its fingerprint. A certificate is public (any reader can
/// read it), so a plain hash of it would let anyone who saw the card find the person's records; without the privacy key
/// the pseudonym cannot be computed from the card.
/// </summary>
public sealed class CredentialPseudonyms(PrivacyKey key)
{
    private readonly byte[] _key = key.Derive("credential-pseudonym");

    /// <summary>64 lower-case hex digits for a certificate fingerprint or a temporary card's <c>card:</c> ID.</summary>
    public string Of(string fingerprint) => Convert.ToHexStringLower(HMACSHA256.HashData(_key, Encoding.UTF8.GetBytes(fingerprint)));
}
