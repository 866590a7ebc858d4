using System.Text.Json.Serialization;

namespace Shelter.Station.Screen;

/// <summary>
/// Everything the volunteer's page shows, sent whole on every change (so a missed one is repaired by the next):
/// what is recorded now, the status strip, the last result, the PIN pad, the needs-attention list.
/// </summary>
public sealed record ScreenView(
    long Version,
    ScreenRegistration Registration,
    string Action,
    bool CertificateOnlyNow,
    ScreenStatus Status,
    ScreenResult? Result,
    ScreenReading? Reading,
    ScreenPin? Pin,
    ScreenCardFace? CardFace,
    IReadOnlyList<ScreenAttention> Attention,
    bool Demo);

/// <summary>Whether the station has its reader token, for which shelter, and what went wrong registering.</summary>
public sealed record ScreenRegistration(bool Registered, string? ReaderId, string? ShelterId, string? ShelterName, bool AllowCertificateOnly, string? Error);

/// <summary>The status strip: link, taps waiting, last upload, reader (and whether a card is on it), clock, and a hold that stopped sending.</summary>
public sealed record ScreenStatus(
    bool Online,
    int Waiting,
    DateTimeOffset? LastUpload,
    IReadOnlyList<string> Readers,
    bool CardOnReader,
    string? ReaderProblemJapanese,
    string? ReaderProblemEnglish,
    bool ClockInStep,
    double? ClockAheadSeconds,
    [property: JsonConverter(typeof(JsonStringEnumConverter<Outbox.QueueHold>))] Outbox.QueueHold Hold,
    string? HoldJapanese,
    string? HoldEnglish);

/// <summary>The last tap's result: green, amber or red, the sentences, a local hint, and the tap it belongs to.</summary>
public sealed record ScreenResult(string Verdict, string Japanese, string English, string? HintJapanese, string? HintEnglish, string? Reason, string? TapId, DateTimeOffset At);

/// <summary>A card or phone being read: its kind once known, and what the person should do meanwhile.</summary>
public sealed record ScreenReading(string? Kind, string Japanese, string English);

/// <summary>
/// The PIN pad is open: the tries the card has left (shown first), whether this is the last one, and which PIN
/// (<c>jpki</c> at a tap, <c>card-face</c> for the attributes at the desk).
/// </summary>
public sealed record ScreenPin(int? TriesLeft, bool LastTry, string Purpose);

/// <summary>
/// The attributes read from a card at the desk, shown to the person before anything leaves the station: confirmed,
/// they go to the desk; discarded (or left for <see cref="StationScreen.CardFaceShownFor"/>), they are forgotten.
/// </summary>
public sealed record ScreenCardFace(string Name, string Address, string BirthDate, string Sex, DateTimeOffset ReadAt);

/// <summary>A late refusal of a tap the person has long left the reader after: someone must follow it up.</summary>
public sealed record ScreenAttention(string TapId, DateTimeOffset OccurredAt, string Action, string Japanese, string English, string? Reason);
