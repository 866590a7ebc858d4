using System.Text.Json.Serialization;

namespace Shelter.Protocol;

/// <summary>
/// One tap's answer. <see cref="Status"/> is one of <see cref="TapStatusCodes"/>; <see cref="Outcome"/> is set when the
/// tap took effect, <see cref="Reason"/> when it did not; a duplicate carries whichever the first answer had.
/// <see cref="Message"/> is the sentence for the volunteer. <see cref="Flag"/> is set on a tap that stands but that
/// the desk should look at (<c>revoked-after-tap</c>, <c>held-after-tap</c>). No answer names the person: a reader
/// learns what to tell the volunteer, nothing it could use to follow someone from shelter to shelter.
/// </summary>
public sealed record TapAnswer(
    [property: JsonPropertyName(TapFields.TapId)] string TapId,
    [property: JsonPropertyName("status")] string Status,
    [property: JsonPropertyName("outcome")] string? Outcome,
    [property: JsonPropertyName("reason")] string? Reason,
    [property: JsonPropertyName("message")] string? Message,
    [property: JsonPropertyName("flag"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Flag = null)
{
    public static TapAnswer Reject(string tapId, string reason, string message) => new(tapId, TapStatusCodes.Rejected, null, reason, message);

    public TapAnswer AsDuplicate() => this with { Status = TapStatusCodes.Duplicate };
}

/// <summary>The answer to a batch: one <see cref="TapAnswer"/> per tap, in the order sent.</summary>
public sealed record TapBatchAnswer([property: JsonPropertyName("results")] TapAnswer[] Results);

/// <summary>The values of <see cref="TapAnswer.Status"/>.</summary>
public static class TapStatusCodes
{
    /// <summary>The tap took effect; its event was stored before this answer.</summary>
    public const string Accepted = "accepted";

    /// <summary>This tap ID was seen before; the answer repeats the first one's outcome or reason.</summary>
    public const string Duplicate = "duplicate";

    public const string Rejected = "rejected";

    public static IReadOnlyList<string> All { get; } = [Accepted, Duplicate, Rejected];
}
