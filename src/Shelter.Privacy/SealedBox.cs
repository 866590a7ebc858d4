using System.Security.Cryptography;
using System.Text;

namespace Shelter.Privacy;

/// <summary>
/// AES-256-GCM under one person's key, bound to the person's ID (associated data), so a sealed field cannot be moved
/// to another person's record and still open.
/// </summary>
public static class SealedBox
{
    private const byte Version = 1;
    private const int NonceBytes = 12;
    private const int TagBytes = 16;

    public static byte[] Seal(ReadOnlySpan<byte> key, string personId, ReadOnlySpan<byte> plain)
    {
        var sealedBytes = new byte[1 + NonceBytes + TagBytes + plain.Length];
        sealedBytes[0] = Version;
        var nonce = sealedBytes.AsSpan(1, NonceBytes);
        RandomNumberGenerator.Fill(nonce);
        using var aes = new AesGcm(key, TagBytes);
        aes.Encrypt(nonce, plain, sealedBytes.AsSpan(1 + NonceBytes + TagBytes), sealedBytes.AsSpan(1 + NonceBytes, TagBytes), Encoding.UTF8.GetBytes(personId));
        return sealedBytes;
    }

    /// <summary>The plain bytes, or null when the box was not sealed with this key for this person.</summary>
    public static byte[]? Open(ReadOnlySpan<byte> key, string personId, ReadOnlySpan<byte> sealedBytes)
    {
        if (sealedBytes.Length < 1 + NonceBytes + TagBytes || sealedBytes[0] != Version)
        {
            return null;
        }
        var plain = new byte[sealedBytes.Length - 1 - NonceBytes - TagBytes];
        using var aes = new AesGcm(key, TagBytes);
        try
        {
            aes.Decrypt(sealedBytes.Slice(1, NonceBytes), sealedBytes[(1 + NonceBytes + TagBytes)..], sealedBytes.Slice(1 + NonceBytes, TagBytes), plain,
                Encoding.UTF8.GetBytes(personId));
            return plain;
        }
        catch (AuthenticationTagMismatchException)
        {
            return null;
        }
    }
}
