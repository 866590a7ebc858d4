namespace Shelter.Actors;

/// <summary>The relay's progress through the evacuee event stream.</summary>
public sealed record RelayOffsetStored(long Offset) : IShelterMessage;
