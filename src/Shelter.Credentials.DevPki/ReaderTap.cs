using System.Globalization;
using System.Security.Cryptography;

namespace Shelter.Credentials.DevPki;

/// <summary>
/// A tap as a reader sends it (reader protocol v1), for the demo, the CLI, tests and the load simulator. Serialize
/// with camelCase names and nulls omitted.
/// </summary>
public sealed record ReaderTap(string TapId, string ReaderId, string ShelterId, string Action, string OccurredAt, ReaderTap.CredentialPart Credential)
{
    public sealed record CredentialPart(string Kind, string? Certificate = null, string? Nonce = null, string? Signature = null, string? CardId = null);

    public static string Time(DateTimeOffset at) => at.ToUniversalTime().ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);

    /// <summary>A JPKI tap: the credential signs the protocol-v1 challenge over this tap's fields and a fresh nonce.</summary>
    public static ReaderTap Signed(DevCredential credential, CredentialKind kind, string readerId, string shelterId, string action, DateTimeOffset at,
        Guid? tapId = null)
    {
        var id = (tapId ?? Guid.NewGuid()).ToString();
        var occurredAt = Time(at);
        var nonce = RandomNumberGenerator.GetBytes(TapChallenge.NonceLength);
        var signature = credential.SignTap(readerId, id, occurredAt, nonce);
        return new ReaderTap(id, readerId, shelterId, action, occurredAt, new CredentialPart(kind.Code(),
            Convert.ToBase64String(credential.CertificateDer), Convert.ToBase64String(nonce), Convert.ToBase64String(signature)));
    }

    public static ReaderTap TemporaryCard(string cardId, string readerId, string shelterId, string action, DateTimeOffset at, Guid? tapId = null) =>
        new((tapId ?? Guid.NewGuid()).ToString(), readerId, shelterId, action, Time(at), new CredentialPart(CredentialKind.TemporaryCard.Code(), CardId: cardId));
}
