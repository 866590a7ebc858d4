using System.Security.Cryptography;
using System.Text;

namespace Shelter.Protocol;

/// <summary>
/// The 32 bytes a credential signs for one tap. Each version has its own label, so a signature made for one version
/// can never verify as another. v1 binds readerId, tapId and occurredAt; v2 also binds action and shelterId, so that
/// a check-in cannot be turned into a check-out (or moved to another shelter) and still verify.
/// </summary>
public static class TapChallenge
{
    /// <summary>A nonce the reader makes (v1, and v2 offline taps).</summary>
    public const int NonceLength = 16;

    /// <summary>A server nonce (v2 online taps), fetched from <c>GET /api/v2/nonces</c>.</summary>
    public const int ServerNonceLength = 32;
    private const string V1Label = "shelter-tap/v1\n";
    private const string V2Label = "shelter-tap/v2\n";

    /// <summary>v1: SHA-256( UTF-8("shelter-tap/v1\n" + readerId + "\n" + tapId + "\n" + occurredAt + "\n") ‖ nonce ).</summary>
    public static byte[] Compute(string readerId, string tapId, string occurredAt, ReadOnlySpan<byte> nonce) =>
        Hash(string.Concat(V1Label, readerId, "\n", tapId, "\n", occurredAt, "\n"), nonce);

    /// <summary>
    /// v2: SHA-256( UTF-8("shelter-tap/v2\n" + readerId + "\n" + tapId + "\n" + occurredAt + "\n" + action + "\n" +
    /// shelterId + "\n") ‖ nonce ).
    /// </summary>
    public static byte[] ComputeV2(string readerId, string tapId, string occurredAt, string action, string shelterId, ReadOnlySpan<byte> nonce) =>
        Hash(string.Concat(V2Label, readerId, "\n", tapId, "\n", occurredAt, "\n", action, "\n", shelterId, "\n"), nonce);

    /// <summary>The challenge of <paramref name="protocol"/> (<see cref="ReaderProtocol.V1"/> or <see cref="ReaderProtocol.V2"/>) over a tap's fields as sent.</summary>
    public static byte[] For(string protocol, string readerId, string tapId, string occurredAt, string action, string shelterId, ReadOnlySpan<byte> nonce) =>
        protocol == ReaderProtocol.V2 ? ComputeV2(readerId, tapId, occurredAt, action, shelterId, nonce) : Compute(readerId, tapId, occurredAt, nonce);

    private static byte[] Hash(string text, ReadOnlySpan<byte> nonce)
    {
        var byteCount = Encoding.UTF8.GetByteCount(text);
        var buffer = byteCount + nonce.Length <= 1024 ? stackalloc byte[byteCount + nonce.Length] : new byte[byteCount + nonce.Length];
        Encoding.UTF8.GetBytes(text, buffer);
        nonce.CopyTo(buffer[byteCount..]);
        return SHA256.HashData(buffer);
    }
}
