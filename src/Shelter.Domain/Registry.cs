namespace Shelter.Domain;

/// <summary>A reader registered to one shelter. Only a hash of its token is kept; the token is shown once.</summary>
public sealed record ReaderRegistered(string ReaderId, string ShelterId, string TokenHash, DateTimeOffset At);

/// <summary>A shelter counted in a municipality's totals.</summary>
public sealed record ShelterListed(string Municipality, string ShelterId);
