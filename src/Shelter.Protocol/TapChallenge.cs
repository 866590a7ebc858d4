using System.Security.Cryptography;
using System.Text;

namespace Shelter.Protocol;

/// <summary>
/// The 32 bytes a credential signs for one tap (reader protocol v1). Binding readerId, tapId and occurredAt into
/// the signed bytes is what stops a captured tap from being replayed under another tapId or reader.
/// </summary>
public static class TapChallenge
{
    public const int NonceLength = 16;
    private const string Prefix = "shelter-tap/v1\n";

    /// <summary>SHA-256( UTF-8("shelter-tap/v1\n" + readerId + "\n" + tapId + "\n" + occurredAt + "\n") ‖ nonce ).</summary>
    public static byte[] Compute(string readerId, string tapId, string occurredAt, ReadOnlySpan<byte> nonce)
    {
        var text = string.Concat(Prefix, readerId, "\n", tapId, "\n", occurredAt, "\n");
        var byteCount = Encoding.UTF8.GetByteCount(text);
        var buffer = byteCount + nonce.Length <= 1024 ? stackalloc byte[byteCount + nonce.Length] : new byte[byteCount + nonce.Length];
        Encoding.UTF8.GetBytes(text, buffer);
        nonce.CopyTo(buffer[byteCount..]);
        return SHA256.HashData(buffer);
    }
}
