namespace Shelter.Credentials.Tests;

/// <summary>The genuine My Number card certificate and signature against the public J-LIS roots.</summary>
public sealed class GenuineJpkiVectorTests
{
    private static readonly TrustAnchors JLis = TrustAnchors.JLisUserAuthentication();

    private static CredentialVerifier Verifier(TrustAnchors anchors) => new(anchors, new CredentialVerifierOptions());

    [Fact]
    public void Card_signature_over_message1_verifies_inside_the_validity_period_with_both_roots()
    {
        var result = Verifier(JLis).VerifySignature(CredentialKind.JpkiCard, Vectors.UserAuthCertificate, Vectors.Message1, Vectors.Message1Signature, Vectors.InsideValidity);

        Assert.True(result.IsValid, result.Message);
        Assert.Null(result.Reason);
        Assert.Equal("C=JP,CN=840444E37PAFHN08220003A", result.Subject);
        Assert.Equal(new DateTimeOffset(2024, 5, 2, 14, 59, 59, TimeSpan.Zero), result.NotAfter);
        Assert.Equal(Assurance.High, result.Assurance);
    }

    [Fact]
    public void Chain_resolves_to_the_2015_root_although_both_roots_share_one_subject_name()
    {
        var root2015 = JLis.All.Single(a => a.NotBefore.Year == 2015);
        var root2023 = JLis.All.Single(a => a.NotBefore.Year == 2023);
        Assert.True(root2015.Subject.Equivalent(root2023.Subject, true));

        // Order must not matter: put the 2023 root first.
        var reversed = new TrustAnchors([root2023, root2015]);
        var result = Verifier(reversed).VerifySignature(CredentialKind.JpkiCard, Vectors.UserAuthCertificate, Vectors.Message1, Vectors.Message1Signature, Vectors.InsideValidity);

        Assert.True(result.IsValid, result.Message);
        Assert.Equal(root2015.Fingerprint, result.AnchorFingerprint);
    }

    [Fact]
    public void The_same_input_today_is_expired()
    {
        var today = new DateTimeOffset(2026, 11, 24, 0, 0, 0, TimeSpan.Zero);
        var result = Verifier(JLis).VerifySignature(CredentialKind.JpkiCard, Vectors.UserAuthCertificate, Vectors.Message1, Vectors.Message1Signature, today);

        Assert.False(result.IsValid);
        Assert.Equal(RejectionReason.Expired, result.Reason);
        Assert.Contains("expired", result.Message, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void With_only_the_2023_root_the_chain_does_not_build()
    {
        var only2023 = new TrustAnchors(JLis.All.Where(a => a.NotBefore.Year == 2023));
        var result = Verifier(only2023).VerifySignature(CredentialKind.JpkiCard, Vectors.UserAuthCertificate, Vectors.Message1, Vectors.Message1Signature, Vectors.InsideValidity);

        Assert.False(result.IsValid);
        Assert.Equal(RejectionReason.UntrustedIssuer, result.Reason);
    }

    [Fact]
    public void A_different_message_is_a_genuine_signature_over_other_data()
    {
        var other = "message2"u8.ToArray();
        var result = Verifier(JLis).VerifySignature(CredentialKind.JpkiCard, Vectors.UserAuthCertificate, other, Vectors.Message1Signature, Vectors.InsideValidity);

        Assert.Equal(RejectionReason.ChallengeMismatch, result.Reason);
    }

    [Fact]
    public void Fingerprint_is_stable_and_carries_no_subject_text()
    {
        var a = Verifier(JLis).VerifySignature(CredentialKind.JpkiCard, Vectors.UserAuthCertificate, Vectors.Message1, Vectors.Message1Signature, Vectors.InsideValidity);
        var b = Verifier(JLis).VerifySignature(CredentialKind.JpkiCard, Vectors.UserAuthCertificate, Vectors.Message1, Vectors.Message1Signature, Vectors.InsideValidity);

        Assert.Equal(a.Fingerprint, b.Fingerprint);
        Assert.Matches("^[0-9a-f]{64}$", a.Fingerprint);
        Assert.DoesNotContain("840444E37", a.Fingerprint, StringComparison.OrdinalIgnoreCase);
    }
}
