using System.Text.Json.Serialization;

namespace Shelter.Protocol;

/// <summary>
/// The four attributes a station read from a card's 券面事項入力補助AP at the desk, after the person saw them and
/// confirmed, with the card's JPKI certificate so the desk can link the card to the person it registers. Held by the
/// server only until the desk uses or discards it (<see cref="ReaderProtocol.CardReadingLifetime"/> at most).
/// </summary>
public sealed record CardReading(
    [property: JsonPropertyName("readingId")] string ReadingId,
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("address")] string Address,
    [property: JsonPropertyName("birthDate")] string BirthDate,
    [property: JsonPropertyName("sex")] string Sex,
    [property: JsonPropertyName("credential")] TapCredential Credential);

/// <summary>The server's receipt for a card reading: until when the desk can use it.</summary>
public sealed record CardReadingReceipt(
    [property: JsonPropertyName("readingId")] string ReadingId,
    [property: JsonPropertyName("expiresAt")] DateTimeOffset ExpiresAt);
