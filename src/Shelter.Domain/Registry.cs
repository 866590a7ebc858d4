namespace Shelter.Domain;

/// <summary>An event of the registries: which readers and which shelters exist where.</summary>
public interface IRegistryEvent;

/// <summary>A reader registered to one shelter. Only a hash of its token is kept; the token is shown once.</summary>
public sealed record ReaderRegistered(string ReaderId, string ShelterId, string TokenHash, DateTimeOffset At) : IRegistryEvent;

/// <summary>A shelter counted in a municipality's totals.</summary>
public sealed record ShelterListed(string Municipality, string ShelterId) : IRegistryEvent;
