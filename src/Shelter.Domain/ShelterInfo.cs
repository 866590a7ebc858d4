namespace Shelter.Domain;

/// <summary>What a municipality says about a shelter when it opens it.</summary>
public sealed record ShelterInfo(string Id, string Name, int Capacity, string Municipality, string TimeZone);
