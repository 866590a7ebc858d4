using Shelter.Credentials.DevPki;
using Shelter.Credentials.Revocation;
using Shelter.Protocol;

namespace Shelter.Credentials.Tests;

/// <summary>
/// Revocation judged at the tap's time (reader protocol v2): an offline tap made before its certificate was revoked or
/// put on hold stands, flagged; one made after is refused; a tap not made offline is refused whatever its stated time.
/// </summary>
public sealed class RevocationTimeTests(DevPkiFixture pki) : IClassFixture<DevPkiFixture>
{
    private static readonly DateTimeOffset Revoked = DateTimeOffset.UtcNow.AddHours(-1);

    private static CredentialVerification Verify(CredentialVerifier verifier, DevCredential card, DateTimeOffset at, bool offline)
    {
        var tap = DevTaps.Signed(card, CredentialKind.JpkiCard, "gate", "hall", "meal", at, protocol: ReaderProtocol.V2);
        return verifier.VerifyTap(ReaderProtocol.V2, CredentialKind.JpkiCard, card.CertificateDer, tap.ReaderId, tap.TapId, tap.OccurredAt, tap.Action,
            tap.ShelterId, Convert.FromBase64String(tap.Credential.Nonce!), Convert.FromBase64String(tap.Credential.Signature!), at, offline);
    }

    [Fact]
    public void A_crl_entry_counts_from_its_revocation_date()
    {
        using var card = pki.Ca.Issue();
        var crls = new CrlStore(pki.Anchors);
        Assert.True(crls.Import(pki.Ca.CreateCrl([card.CertificateDer], revokedAt: Revoked)).Imported);
        var verifier = pki.DevModeVerifier(crls);

        var before = Verify(verifier, card, Revoked.AddMinutes(-10), offline: true);
        Assert.True(before.IsValid);
        Assert.Equal(RejectionReason.Revoked, before.RevokedAfter!.Reason);
        Assert.Equal(Revoked.ToUnixTimeSeconds(), before.RevokedAfter.Since.ToUnixTimeSeconds());

        var after = Verify(verifier, card, Revoked.AddMinutes(10), offline: true);
        Assert.Equal(RejectionReason.Revoked, after.Reason);
        Assert.Contains("since", after.Message, StringComparison.Ordinal);
        Assert.Equal(RejectionReason.Revoked, Verify(verifier, card, Revoked.AddMinutes(-10), offline: false).Reason);
    }

    [Fact]
    public void A_hold_counts_from_its_time_and_one_without_a_time_from_always()
    {
        using var phone = pki.Ca.Issue();
        using var other = pki.Ca.Issue();
        var holds = new HoldList();
        holds.Place(phone.Fingerprint, "lost phone", Revoked);
        holds.Place(other.Fingerprint, "reported misuse", null);
        var verifier = pki.DevModeVerifier(holds);

        var before = Verify(verifier, phone, Revoked.AddMinutes(-10), offline: true);
        Assert.Equal((true, RejectionReason.OnHold), (before.IsValid, before.RevokedAfter!.Reason));
        Assert.Equal(RejectionReason.OnHold, Verify(verifier, phone, Revoked.AddMinutes(10), offline: true).Reason);
        Assert.Equal(RejectionReason.OnHold, Verify(verifier, other, Revoked.AddMinutes(-10), offline: true).Reason);
    }

    [Fact]
    public void A_hold_file_line_may_give_the_time_it_applies_from()
    {
        var path = Path.GetTempFileName();
        try
        {
            File.WriteAllLines(path, [$"{pki.Rsa.Fingerprint} 2026-11-24T03:00:00Z lost at shelter 12", "abc lost"]);
            var holds = new HoldList();
            Assert.Equal(2, holds.ImportFile(path));
            var byFingerprint = holds.All.ToDictionary(h => h.Fingerprint);
            Assert.Equal((new DateTimeOffset(2026, 11, 24, 3, 0, 0, TimeSpan.Zero), "lost at shelter 12"),
                (byFingerprint[pki.Rsa.Fingerprint].Since!.Value, byFingerprint[pki.Rsa.Fingerprint].Reason));
            Assert.Equal(((DateTimeOffset?)null, "lost"), (byFingerprint["abc"].Since, byFingerprint["abc"].Reason));
        }
        finally
        {
            File.Delete(path);
        }
    }
}
