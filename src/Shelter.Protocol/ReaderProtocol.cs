using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Unicode;

namespace Shelter.Protocol;

/// <summary>Paths, versions, limits and JSON settings of the reader protocol (docs/reader-protocol.md).</summary>
public static class ReaderProtocol
{
    /// <summary>Protocol v1: the challenge binds reader, tap ID and time.</summary>
    public const string TapsPath = "/api/v1/taps";

    /// <summary>Protocol v2: the challenge also binds action and shelter; a reader that used it is refused v1 from then on.</summary>
    public const string TapsPathV2 = "/api/v2/taps";

    /// <summary>Where a station exchanges its one-time registration code for its token.</summary>
    public const string EnrolPath = "/api/v1/readers/enrol";

    /// <summary>Server nonces for v2 online taps.</summary>
    public const string NoncesPath = "/api/v2/nonces";

    public const int MaxNoncesPerRequest = 100;

    /// <summary>What a reader is told of itself and its shelter: the shelter's name, time zone and tap policy.</summary>
    public const string ProfilePath = "/api/v2/reader";

    /// <summary>Where a desk station sends the card-face attributes it read (<see cref="CardReading"/>).</summary>
    public const string CardReadingsPath = "/api/v2/card-readings";

    /// <summary>How long the server keeps a card reading the desk has not used.</summary>
    public static readonly TimeSpan CardReadingLifetime = TimeSpan.FromMinutes(15);

    /// <summary>Most card readings waiting for one shelter's desk; a station beyond it is refused.</summary>
    public const int MaxWaitingCardReadings = 20;

    public const string V1 = "v1";

    public const string V2 = "v2";

    /// <summary>The path a reader posts taps of <paramref name="version"/> to.</summary>
    public static string TapsPathOf(string version) => version == V2 ? TapsPathV2 : TapsPath;

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
