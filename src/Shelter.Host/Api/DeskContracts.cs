namespace Shelter.Host.Api;

/// <summary>Undo tap <paramref name="TapId"/> (a meal, or the person's latest check-in or check-out) for <paramref name="Reason"/>.</summary>
public sealed record CorrectionRequest(string? TapId, string? Reason);

public sealed record CorrectionView(string EvacueeId, string TapId, bool Corrected);

/// <summary>
/// A tap the desk records for a registered person without any credential (the paper fallback): <paramref name="Action"/>
/// at <paramref name="ShelterId"/>; <paramref name="TapId"/> makes a retry safe (empty: one is made).
/// </summary>
public sealed record DeskTapRequest(string? Action, string? ShelterId, string? TapId = null);

/// <summary>A roll call: who is checked in at the shelter but not seen since <paramref name="QuietSince"/>.</summary>
public sealed record RollCallView(string ShelterId, int Occupancy, DateTimeOffset QuietSince, RollCallEntry[] Quiet);

/// <summary>One quiet occupant; <paramref name="Name"/> only for a registered person who consented to it.</summary>
public sealed record RollCallEntry(string EvacueeId, string? PersonId, string? Name, bool Provisional, DateTimeOffset? LastSeenAt);

/// <summary>A tap the desk sees: <paramref name="Corrected"/> once the desk undid it.</summary>
public sealed record RecentTapView(string TapId, string? ShelterId, string Status, string Code, DateTimeOffset OccurredAt, bool Corrected);

/// <summary>A temporary card handed out at the desk: its FeliCa IDm (16 hex digits), read off the card.</summary>
public sealed record IssueCardRequest(string? CardId);

/// <summary>Why a temporary card is withdrawn (lost, returned, misused).</summary>
public sealed record WithdrawCardRequest(string? Reason);

/// <summary>A temporary card as issued or withdrawn: <paramref name="EvacueeId"/> is its pseudonym.</summary>
public sealed record TemporaryCardView(string CardId, string EvacueeId, string? PersonId, bool Withdrawn);

/// <summary>A hold on a credential (a lost or replaced phone): from <paramref name="Since"/> (now when absent), for <paramref name="Reason"/>.</summary>
public sealed record HoldRequest(string? Reason, DateTimeOffset? Since = null);

public sealed record HoldView(string EvacueeId, bool OnHold, string? Reason, DateTimeOffset? Since);

/// <summary>閉鎖 with everyone in it checked out, or moved to <paramref name="MoveTo"/> (another open shelter in scope).</summary>
public sealed record CloseShelterRequest(string? MoveTo = null);

/// <summary>What closing came to: how many were checked out or moved, and how many are still counted here (0 once the shelters caught up).</summary>
public sealed record ClosingView(string ShelterId, string? MovedTo, int CheckedOut, int Moved, int Remaining, DateTimeOffset ClosedAt);
