namespace Shelter.Credentials;

/// <summary>The outcome of verifying one credential: either valid, or a reason with a sentence for the volunteer.</summary>
public sealed record CredentialVerification(
    bool IsValid,
    RejectionReason? Reason,
    string? Message,
    CredentialKind Kind,
    string? Fingerprint,
    string? Subject,
    string? Issuer,
    DateTimeOffset? NotAfter,
    string? AnchorFingerprint = null,
    RevokedAfterTap? RevokedAfter = null)
{
    public Assurance Assurance => Kind.Assurance();

    public static CredentialVerification Valid(CredentialKind kind, string fingerprint, string? subject, string? issuer, DateTimeOffset? notAfter,
        string? anchorFingerprint = null) =>
        new(true, null, null, kind, fingerprint, subject, issuer, notAfter, anchorFingerprint);

    public static CredentialVerification Rejected(RejectionReason reason, CredentialKind kind, string? detail = null, string? fingerprint = null,
        string? subject = null, string? issuer = null, DateTimeOffset? notAfter = null, string? anchorFingerprint = null) =>
        new(false, reason, detail is null ? reason.VolunteerMessage() : $"{reason.VolunteerMessage()} ({detail})", kind, fingerprint, subject, issuer, notAfter,
            anchorFingerprint);
}

/// <summary>
/// A credential revoked (<see cref="RejectionReason.Revoked"/>) or put on hold (<see cref="RejectionReason.OnHold"/>)
/// after an offline tap was made with it: the tap stands, and the desk is told.
/// </summary>
public sealed record RevokedAfterTap(RejectionReason Reason, DateTimeOffset Since);
