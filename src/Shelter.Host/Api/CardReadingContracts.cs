namespace Shelter.Host.Api;

/// <summary>
/// A card reading waiting at the desk: the four attributes as the card holds them (the desk asks the person's
/// consent for each before registering), the reader it came from, until when it waits, and the card's credential.
/// </summary>
public sealed record CardReadingView(string ReadingId, string ReaderId, DateTimeOffset ReadAt, DateTimeOffset ExpiresAt, string Name, string Address,
    string BirthDate, string Sex, string CredentialKind);

public sealed record CardReadingsView(string ShelterId, CardReadingView[] Readings);

/// <summary>Links the card of a reading to a person, using the reading up.</summary>
public sealed record LinkFromReadingRequest(string? ReadingId, string? ShelterId);
