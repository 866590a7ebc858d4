using Akka.Actor;
using Akka.Persistence;
using Shelter.Domain;

namespace Shelter.Actors;

/// <summary>One reader's registration. A reader belongs to one shelter for good; registering it again there replaces its token.</summary>
public sealed class ReaderActor : ReceivePersistentActor
{
    private ReaderRegistered? _registration;

    public ReaderActor(string readerId)
    {
        PersistenceId = "reader-" + readerId;
        Recover<ReaderRegistered>(e => _registration = e);
        Command<GetReader>(_ => Sender.Tell(new ReaderAnswer(_registration, _registration is null ? "unknown reader" : null)));
        Command<RegisterReader>(Register);
        Command<StopEntity>(_ => Context.Stop(Self));
    }

    public override string PersistenceId { get; }

    public static Props Props(string readerId) => Akka.Actor.Props.Create(() => new ReaderActor(readerId));

    private void Register(RegisterReader command)
    {
        if (_registration is not null && _registration.ShelterId != command.ShelterId)
        {
            Sender.Tell(new ReaderAnswer(null, $"reader {command.ReaderId} is registered to shelter {_registration.ShelterId}"));
            return;
        }
        var replyTo = Sender;
        Persist(new ReaderRegistered(command.ReaderId, command.ShelterId, command.TokenHash, DateTimeOffset.UtcNow), e =>
        {
            _registration = e;
            replyTo.Tell(new ReaderAnswer(e, null));
        });
    }
}
