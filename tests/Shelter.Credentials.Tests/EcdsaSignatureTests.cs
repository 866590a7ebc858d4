using System.Security.Cryptography;

namespace Shelter.Credentials.Tests;

/// <summary>P-384 tap signatures as BouncyCastle checks them, against signatures made by .NET (OpenSSL).</summary>
public sealed class EcdsaSignatureTests
{
    private static readonly byte[] Data = "shelter-tap/v1\nreader\ntap\n2026-11-24T03:00:00Z\n"u8.ToArray();

    [Fact]
    public void Accepts_DER_and_P1363_signatures_and_refuses_every_alteration()
    {
        using var ecdsa = ECDsa.Create(ECCurve.NamedCurves.nistP384);
        var info = Org.BouncyCastle.Asn1.X509.SubjectPublicKeyInfo.GetInstance(ecdsa.ExportSubjectPublicKeyInfo());
        Assert.True(SignatureKey.TryCreate(info, out var key, out _, out _));
        for (var i = 0; i < 10; i++)
        {
            var der = ecdsa.SignData(Data, HashAlgorithmName.SHA384, DSASignatureFormat.Rfc3279DerSequence);
            var plain = ecdsa.SignData(Data, HashAlgorithmName.SHA384, DSASignatureFormat.IeeeP1363FixedFieldConcatenation);
            Assert.True(key!.VerifyTapSignature(Data, der));
            Assert.True(key.VerifyTapSignature(Data, plain));
            Assert.False(key.VerifyTapSignature([.. Data, 0], der));
            Assert.False(key.VerifyTapSignature(Data, ecdsa.SignData(Data, HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence)));
            for (var bit = i; bit < plain.Length * 8; bit += 37)
            {
                var flipped = (byte[])plain.Clone();
                flipped[bit / 8] ^= (byte)(1 << (bit % 8));
                Assert.False(key.VerifyTapSignature(Data, flipped));
            }
            for (var bit = i; bit < der.Length * 8; bit += 41)
            {
                var flipped = (byte[])der.Clone();
                flipped[bit / 8] ^= (byte)(1 << (bit % 8));
                Assert.False(key.VerifyTapSignature(Data, flipped));
            }
            Assert.False(key.VerifyTapSignature(Data, der[..^1]));
            Assert.False(key.VerifyTapSignature(Data, [.. der, 0]));
        }
        Assert.False(key!.VerifyTapSignature(Data, new byte[96]));
        Assert.False(key.VerifyTapSignature(Data, []));
    }

    [Fact]
    public void Refuses_a_DER_signature_that_is_not_canonical()
    {
        using var ecdsa = ECDsa.Create(ECCurve.NamedCurves.nistP384);
        var info = Org.BouncyCastle.Asn1.X509.SubjectPublicKeyInfo.GetInstance(ecdsa.ExportSubjectPublicKeyInfo());
        Assert.True(SignatureKey.TryCreate(info, out var key, out _, out _));
        var plain = ecdsa.SignData(Data, HashAlgorithmName.SHA384, DSASignatureFormat.IeeeP1363FixedFieldConcatenation);
        // r and s each with a superfluous leading zero byte: the same integers, but not DER.
        static byte[] Integer(ReadOnlySpan<byte> value) => [0x02, (byte)(value.Length + 2), 0x00, 0x00, .. value];
        var r = Integer(plain.AsSpan(0, 48));
        var s = Integer(plain.AsSpan(48, 48));
        byte[] padded = [0x30, (byte)(r.Length + s.Length), .. r, .. s];
        Assert.False(key!.VerifyTapSignature(Data, padded));
    }
}
