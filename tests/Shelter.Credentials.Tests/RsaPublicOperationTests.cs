using System.Numerics;
using System.Security.Cryptography;

namespace Shelter.Credentials.Tests;

/// <summary>The managed public operation against BigInteger.ModPow and against OpenSSL's own verification.</summary>
public sealed class RsaPublicOperationTests
{
    [Theory]
    [InlineData(2048, 65537UL)]
    [InlineData(2048, 3UL)]
    [InlineData(3072, 65537UL)]
    [InlineData(2056, 65537UL)]
    [InlineData(1000, 0xFFFF_FFFF_FFFF_FFFFUL)]
    [InlineData(64, 17UL)]
    public void Matches_BigInteger_ModPow_for_random_odd_moduli(int bits, ulong exponent)
    {
        var random = new Random(bits ^ (int)exponent);
        for (var round = 0; round < 40; round++)
        {
            var modulusBytes = new byte[(bits + 7) / 8];
            random.NextBytes(modulusBytes);
            modulusBytes[0] |= 0x80;
            modulusBytes[^1] |= 1;
            var n = new BigInteger(modulusBytes, isUnsigned: true, isBigEndian: true);
            var e = new BigInteger(exponent);
            var operation = RsaPublicOperation.Create(modulusBytes, e.ToByteArray(isUnsigned: true, isBigEndian: true));
            var signature = new byte[modulusBytes.Length];
            random.NextBytes(signature);
            signature[0] &= 0x7F;
            if (round == 0)
            {
                Array.Clear(signature);
            }
            else if (round == 1)
            {
                (n - 1).ToByteArray(isUnsigned: true, isBigEndian: true).CopyTo(signature, 0);
            }
            var encoded = new byte[modulusBytes.Length];
            Assert.True(operation.TryApply(signature, encoded));
            var expected = BigInteger.ModPow(new BigInteger(signature, isUnsigned: true, isBigEndian: true), e, n);
            Assert.Equal(expected, new BigInteger(encoded, isUnsigned: true, isBigEndian: true));
        }
    }

    [Fact]
    public void Refuses_a_signature_not_below_the_modulus_or_of_the_wrong_length()
    {
        using var rsa = RSA.Create(2048);
        var key = rsa.ExportParameters(false);
        var operation = RsaPublicOperation.Create(key.Modulus, key.Exponent);
        var encoded = new byte[256];
        Assert.False(operation.TryApply(key.Modulus, encoded));
        Assert.False(operation.TryApply(Enumerable.Repeat((byte)0xFF, 256).ToArray(), encoded));
        Assert.False(operation.TryApply(new byte[255], encoded));
        Assert.False(operation.TryApply(new byte[257], encoded));
    }

    [Fact]
    public void Opens_real_signatures_to_the_PKCS1_encoding_OpenSSL_checks()
    {
        for (var i = 0; i < 5; i++)
        {
            using var rsa = RSA.Create(2048);
            var key = rsa.ExportParameters(false);
            var digest = SHA256.HashData(BitConverter.GetBytes(i));
            var signature = rsa.SignHash(digest, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
            var encoded = new byte[256];
            Assert.True(RsaPublicOperation.Create(key.Modulus, key.Exponent).TryApply(signature, encoded));
            Assert.Equal(new byte[] { 0x00, 0x01, 0xFF }, encoded[..3]);
            Assert.Equal(digest, encoded[^32..]);
        }
    }

    /// <summary>A key's first verifications are managed, later ones OpenSSL's: both must say the same of every signature.</summary>
    [Fact]
    public void The_managed_first_check_and_OpenSSLs_later_checks_agree()
    {
        using var rsa = RSA.Create(2048);
        var info = Org.BouncyCastle.Asn1.X509.SubjectPublicKeyInfo.GetInstance(rsa.ExportSubjectPublicKeyInfo());
        var data = "shelter-tap/v1\nreader\ntap\n2026-11-24T03:00:00Z\n"u8.ToArray();
        var good = rsa.SignData(data, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var otherHash = rsa.SignData(data, HashAlgorithmName.SHA384, RSASignaturePadding.Pkcs1);
        var otherData = rsa.SignData([.. data, 0], HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var cases = new List<(byte[] Data, byte[] Signature, bool Valid)> { (data, good, true), (data, otherHash, false), (data, otherData, false),
            (data, good[..^1], false), (data, [.. good, 0], false), (data, new byte[256], false) };
        for (var bit = 0; bit < good.Length * 8; bit += 97)
        {
            var flipped = (byte[])good.Clone();
            flipped[bit / 8] ^= (byte)(1 << (bit % 8));
            cases.Add((data, flipped, false));
            var changed = (byte[])data.Clone();
            changed[bit / 8 % data.Length] ^= (byte)(1 << (bit % 8));
            cases.Add((changed, good, false));
        }
        foreach (var (message, signature, valid) in cases)
        {
            Assert.True(SignatureKey.TryCreate(info, out var key, out _, out _));
            using (key)
            {
                for (var use = 0; use < SignatureKey.ManagedRsaVerifications + 2; use++)
                {
                    Assert.Equal(valid, key!.VerifyTapSignature(message, signature));
                }
            }
        }
    }
}
