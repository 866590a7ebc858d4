namespace Shelter.Domain;

/// <summary>An event of the registries: which readers and which shelters exist where.</summary>
public interface IRegistryEvent;

/// <summary>
/// A reader registration as journals before the access store held it. Nothing writes it any more; the type stays so that
/// an old journal still reads whole.
/// </summary>
public sealed record ReaderRegistered(string ReaderId, string ShelterId, string TokenHash, DateTimeOffset At) : IRegistryEvent;

/// <summary>A shelter counted in a municipality's totals.</summary>
public sealed record ShelterListed(string Municipality, string ShelterId) : IRegistryEvent;
