using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Unicode;

namespace Shelter.Protocol;

/// <summary>Limits and JSON settings of reader protocol v1 (docs/reader-protocol.md).</summary>
public static class ReaderProtocol
{
    public const string TapsPath = "/api/v1/taps";

    /// <summary>The protocol version this path speaks; admins see it per reader.</summary>
    public const string Version = "v1";

    /// <summary>Optional request header: how many taps the station still holds after this batch (admins see it per reader).</summary>
    public const string BacklogHeader = "Shelter-Backlog";

    /// <summary>Most taps in one request; a backlog is sent in several.</summary>
    public const int MaxTapsPerRequest = 1000;

    /// <summary>Most bytes in one request body: the largest batch of the largest taps, with room to spare.</summary>
    public const long MaxBodyBytes = 4 * 1024 * 1024;

    /// <summary>How both sides write protocol JSON: the contract's names, nulls left out, Japanese as text.</summary>
    public static JsonSerializerOptions Json { get; } = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Encoder = JavaScriptEncoder.Create(UnicodeRanges.All),
    };
}
