namespace Shelter.Credentials.Revocation;

/// <summary>What a revocation source needs to know of a certificate that chained to a trusted root.</summary>
public readonly record struct CertificateIdentity(string Fingerprint, string AnchorFingerprint, string SerialHex);

public enum RevocationStatus
{
    Good,
    Revoked,
    OnHold,
}

/// <summary>A certificate's revocation status and, when revoked or held, since when (null: for every tap, whatever its time).</summary>
public readonly record struct RevocationCheck(RevocationStatus Status, DateTimeOffset? Since = null)
{
    public static RevocationCheck Good => default;
}

/// <summary>
/// J-LIS gives CRL and OCSP access only to registered verifiers, so revocation is pluggable: imported CRLs, the
/// desk's hold list, and whatever a registered deployment adds.
/// </summary>
public interface IRevocationSource
{
    RevocationCheck Check(in CertificateIdentity certificate);
}
