using Shelter.Credentials;
using Shelter.Protocol;

namespace Shelter.Station.Tests;

/// <summary>A station's tap checked as the server checks it: the server's own verifier, protocol v2, trusting the test CA.</summary>
public static class ServerCheck
{
    public static CredentialVerifier VerifierFor(TrustAnchors anchors) => new(anchors, new CredentialVerifierOptions { AllowTestRoots = true });

    public static CredentialVerification Verify(CredentialVerifier verifier, ReaderTap tap) => verifier.VerifyTap(ReaderProtocol.V2,
        WireCodes.TryParse(tap.Credential.Kind, out CredentialKind kind) ? kind : throw new InvalidOperationException(tap.Credential.Kind),
        Convert.FromBase64String(tap.Credential.Certificate!), tap.ReaderId, tap.TapId, tap.OccurredAt, tap.Action, tap.ShelterId,
        Convert.FromBase64String(tap.Credential.Nonce!), Convert.FromBase64String(tap.Credential.Signature!), DateTimeOffset.UtcNow);
}
