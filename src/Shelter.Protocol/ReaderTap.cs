using System.Text.Json.Serialization;

namespace Shelter.Protocol;

/// <summary>
/// One tap as a reader sends it. Every field is the exact text the reader sent: the challenge is computed over
/// <see cref="ReaderId"/>, <see cref="TapId"/> and <see cref="OccurredAt"/> as strings, so they are not parsed here.
/// </summary>
public sealed record ReaderTap(
    [property: JsonPropertyName(TapFields.TapId)] string TapId,
    [property: JsonPropertyName(TapFields.ReaderId)] string ReaderId,
    [property: JsonPropertyName(TapFields.ShelterId)] string ShelterId,
    [property: JsonPropertyName(TapFields.Action)] string Action,
    [property: JsonPropertyName(TapFields.OccurredAt)] string OccurredAt,
    [property: JsonPropertyName(TapFields.Credential)] TapCredential Credential);

/// <summary>
/// What the person tapped. JPKI kinds carry <see cref="Certificate"/>, <see cref="Nonce"/> and <see cref="Signature"/>
/// (base64); a temporary card carries only <see cref="CardId"/> (hex).
/// </summary>
public sealed record TapCredential(
    [property: JsonPropertyName(TapFields.Kind)] string Kind,
    [property: JsonPropertyName(TapFields.Certificate)] string? Certificate = null,
    [property: JsonPropertyName(TapFields.Nonce)] string? Nonce = null,
    [property: JsonPropertyName(TapFields.Signature)] string? Signature = null,
    [property: JsonPropertyName(TapFields.CardId)] string? CardId = null);

/// <summary>The body of <c>POST /api/v1/taps</c>: 1 to <see cref="ReaderProtocol.MaxTapsPerRequest"/> taps.</summary>
public sealed record TapBatch([property: JsonPropertyName(TapFields.Taps)] ReaderTap[] Taps);
