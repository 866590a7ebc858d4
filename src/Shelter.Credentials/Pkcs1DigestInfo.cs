using System.Security.Cryptography;

namespace Shelter.Credentials;

/// <summary>
/// EMSA-PKCS1-v1_5 (RFC 8017, 9.2): the one encoded message a valid signature over a digest opens to. Verifying by
/// building it and comparing whole, rather than parsing what the signature opened to, leaves no room for lenient
/// parsing (the Bleichenbacher-2006 family of forgeries).
/// </summary>
internal static class Pkcs1DigestInfo
{
    private static ReadOnlySpan<byte> Sha256 => [0x30, 0x31, 0x30, 0x0d, 0x06, 0x09, 0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02, 0x01, 0x05, 0x00, 0x04, 0x20];

    private static ReadOnlySpan<byte> Sha384 => [0x30, 0x41, 0x30, 0x0d, 0x06, 0x09, 0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02, 0x02, 0x05, 0x00, 0x04, 0x30];

    private static ReadOnlySpan<byte> Sha512 => [0x30, 0x51, 0x30, 0x0d, 0x06, 0x09, 0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02, 0x03, 0x05, 0x00, 0x04, 0x40];

    /// <summary>00 01 FF..FF 00 DigestInfo(hash, digest), filling <paramref name="encoded"/>; false for another hash or a digest of the wrong size.</summary>
    public static bool TryEncode(HashAlgorithmName hash, ReadOnlySpan<byte> digest, Span<byte> encoded)
    {
        var prefix = hash == HashAlgorithmName.SHA256 ? Sha256 : hash == HashAlgorithmName.SHA384 ? Sha384 : hash == HashAlgorithmName.SHA512 ? Sha512 : [];
        if (prefix.IsEmpty || digest.Length != prefix[^1])
        {
            return false;
        }
        var digestInfo = prefix.Length + digest.Length;
        // At least eight bytes of FF padding.
        if (encoded.Length < digestInfo + 11)
        {
            return false;
        }
        encoded[0] = 0x00;
        encoded[1] = 0x01;
        encoded[2..^(digestInfo + 1)].Fill(0xFF);
        encoded[^(digestInfo + 1)] = 0x00;
        prefix.CopyTo(encoded[^digestInfo..]);
        digest.CopyTo(encoded[^digest.Length..]);
        return true;
    }
}
