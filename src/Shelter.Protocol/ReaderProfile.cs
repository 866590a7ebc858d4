using System.Text.Json.Serialization;

namespace Shelter.Protocol;

/// <summary>
/// The answer to <c>GET /api/v2/reader</c>: the reader, its shelter as opened, and the shelter's tap policy
/// (<see cref="AllowCertificateOnly"/>: meals and pickups may be recorded from the certificate alone, without a PIN).
/// </summary>
public sealed record ReaderProfile(
    [property: JsonPropertyName("readerId")] string ReaderId,
    [property: JsonPropertyName("shelterId")] string ShelterId,
    [property: JsonPropertyName("shelterName")] string ShelterName,
    [property: JsonPropertyName("timeZone")] string TimeZone,
    [property: JsonPropertyName("allowCertificateOnly")] bool AllowCertificateOnly);
