using Akka.Actor;
using Akka.Persistence;
using Shelter.Domain;

namespace Shelter.Actors;

/// <summary>Which shelters a municipality has, so its totals can be summed over them.</summary>
public sealed class MunicipalityActor : ReceivePersistentActor
{
    private readonly SortedSet<string> _shelters = new(StringComparer.Ordinal);
    private readonly string _municipality;

    public MunicipalityActor(string municipality)
    {
        _municipality = municipality;
        PersistenceId = "municipality-" + municipality;
        Recover<ShelterListed>(e => _shelters.Add(e.ShelterId));
        Command<GetMunicipalityShelters>(_ => Sender.Tell(Answer()));
        Command<ListShelter>(List);
        Command<StopEntity>(_ => Context.Stop(Self));
    }

    public override string PersistenceId { get; }

    public static Props Props(string municipality) => Akka.Actor.Props.Create(() => new MunicipalityActor(municipality));

    private void List(ListShelter command)
    {
        if (_shelters.Contains(command.ShelterId))
        {
            Sender.Tell(Answer());
            return;
        }
        var replyTo = Sender;
        Persist(new ShelterListed(command.Municipality, command.ShelterId), e =>
        {
            _shelters.Add(e.ShelterId);
            replyTo.Tell(Answer());
        });
    }

    private MunicipalityShelters Answer() => new(_municipality, [.. _shelters]);
}
