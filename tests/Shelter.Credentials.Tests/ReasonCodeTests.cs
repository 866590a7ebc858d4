using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Shelter.Credentials.DevPki;
using Shelter.Credentials.Revocation;
using Shelter.Protocol;

namespace Shelter.Credentials.Tests;

/// <summary>One test per reason code, each made with the development PKI.</summary>
public sealed class ReasonCodeTests(DevPkiFixture pki) : IClassFixture<DevPkiFixture>
{
    private static void AssertRejected(RejectionReason expected, CredentialVerification result)
    {
        Assert.False(result.IsValid);
        Assert.Equal(expected, result.Reason);
        Assert.False(string.IsNullOrWhiteSpace(result.Message));
    }

    [Fact]
    public void Valid_rsa_tap_is_accepted()
    {
        var result = SignedTap.By(pki.Rsa).VerifyWith(pki.DevModeVerifier(), kind: CredentialKind.JpkiAndroid);
        Assert.True(result.IsValid, result.Message);
        Assert.Equal(CredentialKind.JpkiAndroid, result.Kind);
        Assert.Equal(pki.Rsa.Fingerprint, result.Fingerprint);
    }

    [Fact]
    public void Valid_p384_tap_is_accepted()
    {
        var result = SignedTap.By(pki.P384).VerifyWith(pki.DevModeVerifier());
        Assert.True(result.IsValid, result.Message);
    }

    [Fact]
    public void Malformed_certificate()
    {
        var tap = SignedTap.By(pki.Rsa) with { Certificate = [0x30, 0x82, 0x01, 0x00, 0x01, 0x02] };
        AssertRejected(RejectionReason.MalformedCertificate, tap.VerifyWith(pki.DevModeVerifier()));
    }

    [Fact]
    public void Oversized_certificate()
    {
        var tap = SignedTap.By(pki.Rsa) with { Certificate = new byte[CredentialVerifierOptions.MaxCertificateBytes + 1] };
        AssertRejected(RejectionReason.Oversized, tap.VerifyWith(pki.DevModeVerifier()));
    }

    [Fact]
    public void Untrusted_issuer_for_a_stranger_root_with_the_jlis_name()
    {
        using var stranger = DevCertificateAuthority.Create(unit: "Japan Agency for Local Authority Information Systems", organization: "JPKI");
        using var credential = stranger.Issue();
        var result = SignedTap.By(credential).VerifyWith(new CredentialVerifier(TrustAnchors.JLisUserAuthentication(), new CredentialVerifierOptions()));
        AssertRejected(RejectionReason.UntrustedIssuer, result);
    }

    [Fact]
    public void Untrusted_issuer_for_a_second_test_ca_with_the_same_name()
    {
        using var twin = DevCertificateAuthority.Create();
        Assert.Equal(twin.Subject.Name, pki.Ca.Subject.Name);
        using var credential = twin.Issue();
        AssertRejected(RejectionReason.UntrustedIssuer, SignedTap.By(credential).VerifyWith(pki.DevModeVerifier()));
    }

    [Fact]
    public void Test_root_not_allowed_outside_development_mode()
    {
        var production = new CredentialVerifier(pki.Anchors, new CredentialVerifierOptions { AllowTestRoots = false });
        var result = SignedTap.By(pki.Rsa).VerifyWith(production);
        AssertRejected(RejectionReason.TestRootNotAllowed, result);
        Assert.Contains("development mode", result.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Expired()
    {
        using var old = pki.Ca.Issue(new DevIssueOptions { NotBefore = DateTimeOffset.UtcNow.AddYears(-6), NotAfter = DateTimeOffset.UtcNow.AddDays(-1) });
        AssertRejected(RejectionReason.Expired, SignedTap.By(old).VerifyWith(pki.DevModeVerifier()));
    }

    [Fact]
    public void Not_yet_valid()
    {
        using var future = pki.Ca.Issue(new DevIssueOptions { NotBefore = DateTimeOffset.UtcNow.AddDays(2) });
        AssertRejected(RejectionReason.NotYetValid, SignedTap.By(future).VerifyWith(pki.DevModeVerifier()));
    }

    [Fact]
    public void Wrong_key_usage_without_digital_signature()
    {
        using var credential = pki.Ca.Issue(new DevIssueOptions { KeyUsage = X509KeyUsageFlags.KeyEncipherment });
        AssertRejected(RejectionReason.WrongKeyUsage, SignedTap.By(credential).VerifyWith(pki.DevModeVerifier()));
    }

    [Fact]
    public void Wrong_key_usage_without_client_auth()
    {
        using var credential = pki.Ca.Issue(new DevIssueOptions { ClientAuth = false });
        AssertRejected(RejectionReason.WrongKeyUsage, SignedTap.By(credential).VerifyWith(pki.DevModeVerifier()));
    }

    [Fact]
    public void Wrong_key_usage_for_a_certificate_without_the_user_authentication_policy()
    {
        using var credential = pki.Ca.Issue(new DevIssueOptions { IncludeJpkiPolicy = false });
        AssertRejected(RejectionReason.WrongKeyUsage, SignedTap.By(credential).VerifyWith(pki.DevModeVerifier()));
    }

    [Fact]
    public void Weak_key()
    {
        using var credential = pki.Ca.Issue(new DevIssueOptions { RsaBits = 1024 });
        AssertRejected(RejectionReason.WeakKey, SignedTap.By(credential).VerifyWith(pki.DevModeVerifier()));
    }

    [Fact]
    public void Unsupported_algorithm_for_a_sha1_signed_certificate()
    {
        using var credential = pki.Ca.Issue(new DevIssueOptions { SignatureHash = HashAlgorithmName.SHA1 });
        AssertRejected(RejectionReason.UnsupportedAlgorithm, SignedTap.By(credential).VerifyWith(pki.DevModeVerifier()));
    }

    [Fact]
    public void Unsupported_algorithm_for_a_p256_key()
    {
        using var p256 = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var info = Org.BouncyCastle.Asn1.X509.SubjectPublicKeyInfo.GetInstance(p256.ExportSubjectPublicKeyInfo());
        Assert.False(SignatureKey.TryCreate(info, out _, out var reason, out var detail));
        Assert.Equal(RejectionReason.UnsupportedAlgorithm, reason);
        Assert.Contains("P-384", detail, StringComparison.Ordinal);
    }

    [Fact]
    public void Revoked_by_an_imported_crl()
    {
        using var credential = pki.Ca.Issue();
        var crls = new CrlStore(pki.Anchors);
        var import = crls.Import(pki.Ca.CreateCrl([credential.CertificateDer]));
        Assert.True(import.Imported, import.Error);
        Assert.Equal(1, import.RevokedCount);

        AssertRejected(RejectionReason.Revoked, SignedTap.By(credential).VerifyWith(pki.DevModeVerifier(crls)));
        Assert.True(SignedTap.By(pki.Rsa).VerifyWith(pki.DevModeVerifier(crls)).IsValid);
    }

    [Fact]
    public void Crl_from_an_untrusted_signer_is_refused()
    {
        using var stranger = DevCertificateAuthority.Create();
        var crls = new CrlStore(pki.Anchors);
        var import = crls.Import(stranger.CreateCrl([pki.Rsa.CertificateDer]));
        Assert.False(import.Imported);
        Assert.Contains("not signed by a trusted root", import.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Crl_in_pem_is_imported()
    {
        using var credential = pki.Ca.Issue();
        var der = pki.Ca.CreateCrl([credential.CertificateDer]);
        var pem = System.Text.Encoding.ASCII.GetBytes(PemEncoding.WriteString("X509 CRL", der));
        var crls = new CrlStore(pki.Anchors);
        Assert.True(crls.Import(pem).Imported);
        AssertRejected(RejectionReason.Revoked, SignedTap.By(credential).VerifyWith(pki.DevModeVerifier(crls)));
    }

    [Fact]
    public void On_hold_then_lifted()
    {
        using var phone = pki.Ca.Issue();
        var holds = new HoldList();
        var verifier = pki.DevModeVerifier(holds);
        holds.Place(phone.Fingerprint, "lost phone", DateTimeOffset.UtcNow);
        AssertRejected(RejectionReason.OnHold, SignedTap.By(phone).VerifyWith(verifier, kind: CredentialKind.JpkiAndroid));

        Assert.True(holds.Lift(phone.Fingerprint));
        Assert.True(SignedTap.By(phone).VerifyWith(verifier).IsValid);
    }

    [Fact]
    public void Hold_list_imports_from_a_file()
    {
        var path = Path.GetTempFileName();
        try
        {
            File.WriteAllLines(path, ["# lost phones", $"{pki.Rsa.Fingerprint} lost at shelter 12", "", "abc"]);
            var holds = new HoldList();
            Assert.Equal(2, holds.ImportFile(path));
            Assert.True(holds.IsOnHold(pki.Rsa.Fingerprint));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Bad_signature()
    {
        var tap = SignedTap.By(pki.Rsa);
        var garbage = RandomNumberGenerator.GetBytes(tap.Signature.Length);
        AssertRejected(RejectionReason.BadSignature, (tap with { Signature = garbage }).VerifyWith(pki.DevModeVerifier()));
    }

    [Fact]
    public void Bad_signature_for_p384()
    {
        var tap = SignedTap.By(pki.P384);
        var flipped = tap.Signature.ToArray();
        flipped[^5] ^= 0x10;
        AssertRejected(RejectionReason.BadSignature, (tap with { Signature = flipped }).VerifyWith(pki.DevModeVerifier()));
    }

    [Fact]
    public void Challenge_mismatch_when_a_captured_tap_is_replayed_under_another_tap_id()
    {
        var tap = SignedTap.By(pki.Rsa);
        AssertRejected(RejectionReason.ChallengeMismatch, (tap with { TapId = Guid.NewGuid().ToString() }).VerifyWith(pki.DevModeVerifier()));
    }

    [Fact]
    public void Challenge_mismatch_when_the_nonce_is_not_16_bytes()
    {
        var tap = SignedTap.By(pki.Rsa);
        AssertRejected(RejectionReason.ChallengeMismatch, (tap with { Nonce = tap.Nonce[..8] }).VerifyWith(pki.DevModeVerifier()));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("0123456789abcde")]
    [InlineData("0123456789abcdefa")]
    [InlineData("0123456789abcdeg")]
    [InlineData("０１２３４５６７８９ａｂｃｄｅｆ")]
    public void Malformed_card_id(string? cardId)
    {
        AssertRejected(RejectionReason.MalformedCardId, CredentialVerifier.VerifyTemporaryCard(cardId));
    }

    [Fact]
    public void Temporary_card_is_valid_and_low_assurance()
    {
        var result = CredentialVerifier.VerifyTemporaryCard("0123456789ABCDEF");
        Assert.True(result.IsValid);
        Assert.Equal(Assurance.Low, result.Assurance);
        Assert.Equal("card:0123456789abcdef", result.Fingerprint);
    }

    [Fact]
    public void Every_reason_has_a_distinct_code_and_a_message()
    {
        var codes = RejectionReasons.All.Select(r => r.Code()).ToList();
        Assert.Equal(14, codes.Count);
        Assert.Equal(codes.Count, codes.Distinct().Count());
        Assert.All(RejectionReasons.All, r => Assert.False(string.IsNullOrWhiteSpace(r.VolunteerMessage())));
    }

    [Fact]
    public void Chain_validation_is_cached_per_certificate()
    {
        var verifier = pki.DevModeVerifier();
        for (var i = 0; i < 5; i++)
        {
            Assert.True(SignedTap.By(pki.Rsa).VerifyWith(verifier).IsValid);
        }
        Assert.Equal(1, verifier.CachedCertificates);
    }

    [Fact]
    public void Refusals_are_remembered_apart_so_a_flood_of_garbage_never_pushes_out_a_good_card()
    {
        const long budget = 64 * 1024;
        var verifier = new CredentialVerifier(pki.Anchors, new CredentialVerifierOptions { AllowTestRoots = true, ChainCacheBytes = budget, RefusedCacheBytes = budget });
        var good = SignedTap.By(pki.Rsa);
        Assert.True(good.VerifyWith(verifier).IsValid);
        var random = new Random(7);
        for (var i = 0; i < 2_000; i++)
        {
            var garbage = new byte[200];
            random.NextBytes(garbage);
            Assert.False((good with { Certificate = garbage }).VerifyWith(verifier).IsValid);
        }
        Assert.Equal(1, verifier.CachedCertificates);
        Assert.InRange(verifier.CachedRefusals, 1, 1_999);
        Assert.True(verifier.CachedCertificateBytes <= 2 * budget, $"{verifier.CachedCertificateBytes} bytes held");
    }
}
