namespace Shelter.Credentials.Revocation;

/// <summary>What a revocation source needs to know of a certificate that chained to a trusted root.</summary>
public readonly record struct CertificateIdentity(string Fingerprint, string AnchorFingerprint, string SerialHex);

public enum RevocationStatus
{
    Good,
    Revoked,
    OnHold,
}

/// <summary>
/// J-LIS gives CRL and OCSP access only to registered verifiers, so revocation is pluggable: imported CRLs, the
/// desk's hold list, and whatever a registered deployment adds.
/// </summary>
public interface IRevocationSource
{
    RevocationStatus Check(in CertificateIdentity certificate);
}
