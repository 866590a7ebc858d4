namespace Shelter.Station.Outbox;

/// <summary>
/// A tap kept in the outbox: the exact JSON posted (a resend is byte for byte the same), what it recorded, and what
/// became of it. <see cref="Reason"/> is null for an answer that took effect; <see cref="NeedsAttention"/> marks a
/// late refusal the volunteer has not yet dealt with.
/// </summary>
public sealed record OutboxTap(long Seq, string TapId, string Json, DateTimeOffset RecordedAt, string Action, DateTimeOffset OccurredAt,
    string? Status = null, string? Reason = null, bool NeedsAttention = false)
{
    public bool IsWaiting => Status is null;
}
