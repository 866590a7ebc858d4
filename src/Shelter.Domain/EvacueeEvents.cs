namespace Shelter.Domain;

/// <summary>Everything an evacuee entity stores: the effects of taps, and the desk's links between credentials and people.</summary>
public interface IEvacueeHistory;

/// <summary>Something that happened to an evacuee because of a tap. Every event carries the tap that caused it.</summary>
public interface IEvacueeEvent : IEvacueeHistory
{
    Guid TapId { get; }

    string ShelterId { get; }

    DateTimeOffset OccurredAt { get; }
}

/// <summary>Checked in at <paramref name="ShelterId"/>; <paramref name="PreviousShelterId"/> set when this moved them from another shelter.</summary>
public sealed record CheckedIn(Guid TapId, string ShelterId, string? PreviousShelterId, DateTimeOffset OccurredAt, string ReaderId, bool Provisional, bool LowAssurance,
    TapFlag? Flag = null) : IFlaggableEvent;

public sealed record CheckedOut(Guid TapId, string ShelterId, DateTimeOffset OccurredAt, string ReaderId, TapFlag? Flag = null) : IFlaggableEvent;

/// <summary>
/// A meal served. <paramref name="CertificateOnly"/>: from the certificate alone (no signature). <paramref name="AlreadyCounted"/>:
/// a signed meal in a period whose meal a certificate-only tap of this person took; it stands, and the period counts once.
/// </summary>
public sealed record MealServed(Guid TapId, string ShelterId, string Period, DateTimeOffset OccurredAt, string ReaderId, bool Provisional, TapFlag? Flag = null,
    bool CertificateOnly = false, bool AlreadyCounted = false) : IFlaggableEvent;

public sealed record SupplyPickedUp(Guid TapId, string ShelterId, DateTimeOffset OccurredAt, string ReaderId, TapFlag? Flag = null, bool CertificateOnly = false)
    : IFlaggableEvent;

/// <summary>An event of a tap that stood, which may carry a <see cref="TapFlag"/> for the desk.</summary>
public interface IFlaggableEvent : IEvacueeEvent
{
    TapFlag? Flag { get; }
}

/// <summary>A tap that stood with a flag, as the desk sees it.</summary>
public sealed record FlaggedTap(Guid TapId, string ShelterId, TapAction Action, DateTimeOffset OccurredAt, TapFlag Flag);

/// <summary>A tap the rules refused (a second lunch, a check-out while not checked in). Recorded so a retry gets the same answer, even after a restart.</summary>
public sealed record TapRefused(Guid TapId, string ShelterId, string Reason, string Message, DateTimeOffset OccurredAt, string ReaderId) : IEvacueeEvent;

/// <summary>
/// A check-in or check-out that happened before the person's latest move but arrived after it (a reader's backlog):
/// recorded and answered, it changes nothing, so no old tap moves a person back to a shelter they left.
/// </summary>
public sealed record MoveSuperseded(Guid TapId, string ShelterId, TapAction Action, DateTimeOffset OccurredAt, string ReaderId, DateTimeOffset LaterMoveAt,
    TapFlag? Flag = null) : IFlaggableEvent;
