namespace Shelter.Station.Outbox;

/// <summary>A tap kept in the outbox: the exact JSON posted (a resend is byte for byte the same), and what became of it.</summary>
public sealed record OutboxTap(long Seq, string TapId, string Json, DateTimeOffset RecordedAt, string? Status = null, string? Reason = null);
