using System.Text.Json.Serialization;

namespace Shelter.Protocol;

/// <summary><c>POST /api/v1/readers/enrol</c>: a one-time registration code, exchanged by the station for its reader token.</summary>
public sealed record EnrolRequest([property: JsonPropertyName("code")] string? Code);

/// <summary>A reader's token with the reader and shelter it belongs to; returned once, as only a hash of it is kept.</summary>
public sealed record ReaderRegistrationResponse(
    [property: JsonPropertyName("readerId")] string ReaderId,
    [property: JsonPropertyName("shelterId")] string ShelterId,
    [property: JsonPropertyName("token")] string Token);
