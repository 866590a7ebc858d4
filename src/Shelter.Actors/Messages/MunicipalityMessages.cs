namespace Shelter.Actors;

public sealed record ListShelter(string Municipality, string ShelterId) : IEntityCommand
{
    public string EntityId => Municipality;
}

public sealed record GetMunicipalityShelters(string Municipality) : IEntityCommand
{
    public string EntityId => Municipality;
}

public sealed record MunicipalityShelters(string Municipality, string[] ShelterIds) : IShelterMessage;
