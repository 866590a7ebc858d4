namespace Shelter.Credentials.Tests;

/// <summary>
/// Flipped bits and truncations of every input never throw and never validate. Seeded, so a failure reproduces.
/// </summary>
public sealed class CorruptionTests(DevPkiFixture pki) : IClassFixture<DevPkiFixture>
{
    private const int Seed = 20261124;

    private static readonly CredentialVerifier JLis = new(TrustAnchors.JLisUserAuthentication(), new CredentialVerifierOptions());

    private static CredentialVerification VerifyGenuine(byte[] certificate, byte[] data, byte[] signature) =>
        JLis.VerifySignature(CredentialKind.JpkiCard, certificate, data, signature, Vectors.InsideValidity);

    private static byte[] Flip(byte[] input, int bit)
    {
        var copy = input.ToArray();
        copy[bit / 8] ^= (byte)(1 << (bit % 8));
        return copy;
    }

    private static void AssertRejectedWithReason(CredentialVerification result)
    {
        Assert.False(result.IsValid);
        Assert.NotNull(result.Reason);
        Assert.False(string.IsNullOrWhiteSpace(result.Message));
    }

    [Fact]
    public void Every_bit_flip_of_the_genuine_certificate_is_rejected()
    {
        var certificate = Vectors.UserAuthCertificate;
        Assert.True(VerifyGenuine(certificate, Vectors.Message1, Vectors.Message1Signature).IsValid);
        for (var bit = 0; bit < certificate.Length * 8; bit++)
        {
            AssertRejectedWithReason(VerifyGenuine(Flip(certificate, bit), Vectors.Message1, Vectors.Message1Signature));
        }
    }

    [Fact]
    public void Every_truncation_of_the_genuine_certificate_is_rejected()
    {
        var certificate = Vectors.UserAuthCertificate;
        for (var length = 0; length < certificate.Length; length++)
        {
            AssertRejectedWithReason(VerifyGenuine(certificate[..length], Vectors.Message1, Vectors.Message1Signature));
        }
    }

    [Fact]
    public void Every_bit_flip_and_truncation_of_the_genuine_signature_and_message_is_rejected()
    {
        var signature = Vectors.Message1Signature;
        var message = Vectors.Message1;
        for (var bit = 0; bit < signature.Length * 8; bit++)
        {
            AssertRejectedWithReason(VerifyGenuine(Vectors.UserAuthCertificate, message, Flip(signature, bit)));
        }
        for (var length = 0; length < signature.Length; length++)
        {
            AssertRejectedWithReason(VerifyGenuine(Vectors.UserAuthCertificate, message, signature[..length]));
        }
        for (var bit = 0; bit < message.Length * 8; bit++)
        {
            Assert.Equal(RejectionReason.ChallengeMismatch, VerifyGenuine(Vectors.UserAuthCertificate, Flip(message, bit), signature).Reason);
        }
        for (var length = 0; length < message.Length; length++)
        {
            Assert.Equal(RejectionReason.ChallengeMismatch, VerifyGenuine(Vectors.UserAuthCertificate, message[..length], signature).Reason);
        }
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Flips_and_truncations_of_every_tap_field_are_rejected(bool p384)
    {
        var verifier = pki.DevModeVerifier();
        var tap = SignedTap.By(p384 ? pki.P384 : pki.Rsa);
        Assert.True(tap.VerifyWith(verifier).IsValid);
        var random = new Random(Seed);

        for (var i = 0; i < 400; i++)
        {
            AssertRejectedWithReason((tap with { Certificate = Flip(tap.Certificate, random.Next(tap.Certificate.Length * 8)) }).VerifyWith(verifier));
            AssertRejectedWithReason((tap with { Signature = Flip(tap.Signature, random.Next(tap.Signature.Length * 8)) }).VerifyWith(verifier));
            AssertRejectedWithReason((tap with { Nonce = Flip(tap.Nonce, random.Next(tap.Nonce.Length * 8)) }).VerifyWith(verifier));
            AssertRejectedWithReason((tap with { Certificate = tap.Certificate[..random.Next(tap.Certificate.Length)] }).VerifyWith(verifier));
            AssertRejectedWithReason((tap with { Signature = tap.Signature[..random.Next(tap.Signature.Length)] }).VerifyWith(verifier));
            AssertRejectedWithReason((tap with { Nonce = tap.Nonce[..random.Next(tap.Nonce.Length)] }).VerifyWith(verifier));
        }
        foreach (var field in new[] { "reader", "tap", "time" })
        {
            for (var i = 0; i < 50; i++)
            {
                var altered = Alter(field switch { "reader" => tap.ReaderId, "tap" => tap.TapId, _ => tap.OccurredAt }, random);
                var changed = field switch
                {
                    "reader" => tap with { ReaderId = altered },
                    "tap" => tap with { TapId = altered },
                    _ => tap with { OccurredAt = altered },
                };
                AssertRejectedWithReason(changed.VerifyWith(verifier));
            }
        }
    }

    [Fact]
    public void Random_garbage_of_any_length_never_throws()
    {
        var verifier = pki.DevModeVerifier();
        var random = new Random(Seed);
        var tap = SignedTap.By(pki.Rsa);
        for (var i = 0; i < 2000; i++)
        {
            var garbage = new byte[random.Next(0, 3000)];
            random.NextBytes(garbage);
            if (garbage.Length > 0 && i % 2 == 0)
            {
                garbage[0] = 0x30; // look like a SEQUENCE to get past the first byte
            }
            AssertRejectedWithReason((tap with { Certificate = garbage }).VerifyWith(verifier));
        }
    }

    private static string Alter(string value, Random random)
    {
        var chars = value.ToCharArray();
        if (chars.Length == 0 || random.Next(3) == 0)
        {
            return value[..random.Next(value.Length)];
        }
        var index = random.Next(chars.Length);
        chars[index] = (char)(chars[index] ^ (1 << random.Next(7)));
        return new string(chars);
    }
}
