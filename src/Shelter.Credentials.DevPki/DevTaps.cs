using System.Security.Cryptography;
using Shelter.Protocol;

namespace Shelter.Credentials.DevPki;

/// <summary>Taps as a reader makes them, from development credentials: for the demo, the CLI, tests and the load simulator.</summary>
public static class DevTaps
{
    /// <summary>
    /// A JPKI tap: the credential signs the challenge of <paramref name="protocol"/> over this tap's fields and
    /// <paramref name="nonce"/> (a server nonce), or a fresh station nonce.
    /// </summary>
    public static ReaderTap Signed(DevCredential credential, CredentialKind kind, string readerId, string shelterId, string action, DateTimeOffset at,
        Guid? tapId = null, string protocol = ReaderProtocol.V1, byte[]? nonce = null)
    {
        var id = (tapId ?? Guid.NewGuid()).ToString();
        var occurredAt = TapTime.Format(at);
        nonce ??= RandomNumberGenerator.GetBytes(TapChallenge.NonceLength);
        var signature = credential.Sign(TapChallenge.For(protocol, readerId, id, occurredAt, action, shelterId, nonce));
        return new ReaderTap(id, readerId, shelterId, action, occurredAt, new TapCredential(kind.Code(),
            Convert.ToBase64String(credential.CertificateDer), Convert.ToBase64String(nonce), Convert.ToBase64String(signature)));
    }

    /// <summary>A v2 meal or pickup from the certificate alone (no nonce, no signature), for shelters whose policy takes one.</summary>
    public static ReaderTap CertificateOnly(DevCredential credential, CredentialKind kind, string readerId, string shelterId, string action, DateTimeOffset at,
        Guid? tapId = null) =>
        new((tapId ?? Guid.NewGuid()).ToString(), readerId, shelterId, action, TapTime.Format(at),
            new TapCredential(kind.Code(), Convert.ToBase64String(credential.CertificateDer)));

    public static ReaderTap TemporaryCard(string cardId, string readerId, string shelterId, string action, DateTimeOffset at, Guid? tapId = null) =>
        new((tapId ?? Guid.NewGuid()).ToString(), readerId, shelterId, action, TapTime.Format(at), new TapCredential(CredentialKind.TemporaryCard.Code(), CardId: cardId));
}
