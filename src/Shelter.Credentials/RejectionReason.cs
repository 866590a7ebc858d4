using Shelter.Protocol;

namespace Shelter.Credentials;

/// <summary>Why a credential was not accepted. Each has a stable wire code and a sentence for a volunteer.</summary>
public enum RejectionReason
{
    [WireCode("malformed-certificate")]
    MalformedCertificate,

    [WireCode("oversized")]
    Oversized,

    [WireCode("untrusted-issuer")]
    UntrustedIssuer,

    [WireCode("test-root-not-allowed")]
    TestRootNotAllowed,

    [WireCode("expired")]
    Expired,

    [WireCode("not-yet-valid")]
    NotYetValid,

    [WireCode("wrong-key-usage")]
    WrongKeyUsage,

    [WireCode("weak-key")]
    WeakKey,

    [WireCode("unsupported-algorithm")]
    UnsupportedAlgorithm,

    [WireCode("revoked")]
    Revoked,

    [WireCode("on-hold")]
    OnHold,

    [WireCode("bad-signature")]
    BadSignature,

    [WireCode("challenge-mismatch")]
    ChallengeMismatch,

    [WireCode("malformed-card-id")]
    MalformedCardId,
}

public static class RejectionReasons
{
    /// <summary>What a volunteer at the reader should understand and do.</summary>
    public static string VolunteerMessage(this RejectionReason reason) => reason switch
    {
        RejectionReason.MalformedCertificate => "The card's certificate could not be read. Ask the person to tap again; if it repeats, send them to the desk.",
        RejectionReason.Oversized => "The reader sent far more data than a card holds. Tap again; if it repeats, report the reader.",
        RejectionReason.UntrustedIssuer => "This card was not issued by an authority we trust. Send the person to the desk.",
        RejectionReason.TestRootNotAllowed => "This is a test card, accepted only in training mode. Send the person to the desk.",
        RejectionReason.Expired => "The card's certificate has expired. Send the person to the desk for a temporary card.",
        RejectionReason.NotYetValid => "The card's certificate is not valid yet (check the reader's clock). Send the person to the desk.",
        RejectionReason.WrongKeyUsage => "This certificate is not the card's sign-in (user authentication) certificate. Send the person to the desk.",
        RejectionReason.WeakKey => "The card's key is too weak to be trusted. Send the person to the desk.",
        RejectionReason.UnsupportedAlgorithm => "The card uses an algorithm we do not accept. Send the person to the desk.",
        RejectionReason.Revoked => "This card's certificate has been revoked. Send the person to the desk.",
        RejectionReason.OnHold => "This card or phone is on hold (reported lost). Send the person to the desk.",
        RejectionReason.BadSignature => "The card's answer did not check out. Ask the person to tap again; if it repeats, send them to the desk.",
        RejectionReason.ChallengeMismatch => "The card signed something other than this tap. Ask the person to tap again.",
        RejectionReason.MalformedCardId => "The temporary card's number could not be read. Tap again or send the person to the desk.",
        _ => throw new ArgumentOutOfRangeException(nameof(reason), reason, null),
    };

    public static IReadOnlyList<RejectionReason> All { get; } = Enum.GetValues<RejectionReason>();
}
