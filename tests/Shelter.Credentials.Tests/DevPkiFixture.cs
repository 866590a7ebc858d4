using Shelter.Credentials.DevPki;
using Shelter.Protocol;

namespace Shelter.Credentials.Tests;

/// <summary>One development CA and a few credentials for a test class; keys are made at run time.</summary>
public sealed class DevPkiFixture : IDisposable
{
    public DevPkiFixture()
    {
        Ca = DevCertificateAuthority.Create();
        Rsa = Ca.Issue();
        P384 = Ca.Issue(new DevIssueOptions { KeyKind = DevKeyKind.EcdsaP384 });
        Anchors = new TrustAnchors([TrustAnchor.Load(Ca.CertificateDer)]);
    }

    public DevCertificateAuthority Ca { get; }

    public DevCredential Rsa { get; }

    public DevCredential P384 { get; }

    public TrustAnchors Anchors { get; }

    public CredentialVerifier DevModeVerifier(params Shelter.Credentials.Revocation.IRevocationSource[] revocation) =>
        new(Anchors, new CredentialVerifierOptions { AllowTestRoots = true }, revocation);

    public void Dispose()
    {
        Rsa.Dispose();
        P384.Dispose();
        Ca.Dispose();
        Anchors.Dispose();
    }
}

/// <summary>A well-formed tap, signed by a credential, ready to be corrupted one field at a time.</summary>
public sealed record SignedTap(string ReaderId, string TapId, string OccurredAt, byte[] Nonce, byte[] Signature, byte[] Certificate)
{
    public static SignedTap By(DevCredential credential, string readerId = "reader-1", string? occurredAt = null)
    {
        var tapId = Guid.NewGuid().ToString();
        var at = occurredAt ?? DateTimeOffset.UtcNow.ToString("yyyy-MM-ddTHH:mm:ssZ", System.Globalization.CultureInfo.InvariantCulture);
        var nonce = System.Security.Cryptography.RandomNumberGenerator.GetBytes(TapChallenge.NonceLength);
        return new SignedTap(readerId, tapId, at, nonce, credential.SignTap(readerId, tapId, at, nonce), credential.CertificateDer);
    }

    public CredentialVerification VerifyWith(CredentialVerifier verifier, DateTimeOffset? at = null, CredentialKind kind = CredentialKind.JpkiCard) =>
        verifier.VerifyTap(kind, Certificate, ReaderId, TapId, OccurredAt, Nonce, Signature, at ?? DateTimeOffset.UtcNow);
}
