using System.Text.Json.Serialization;

namespace Shelter.Protocol;

/// <summary>The answer to <c>GET /api/v2/nonces</c>: server nonces (base64, 32 bytes each) for this reader, good until <see cref="ExpiresAt"/>.</summary>
public sealed record ServerNonceBatch(
    [property: JsonPropertyName("nonces")] string[] Nonces,
    [property: JsonPropertyName("expiresAt")] DateTimeOffset ExpiresAt);
