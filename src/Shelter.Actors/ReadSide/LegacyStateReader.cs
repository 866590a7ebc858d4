using Akka.Actor;
using Akka.Persistence;

namespace Shelter.Actors;

/// <summary>
/// Recovers what a follower stored under its old persistence ID, hands it to its parent and stops. It never writes:
/// the old rows stay as they were, so a node of the previous version could still read them.
/// </summary>
internal sealed class LegacyStateReader : ReceivePersistentActor
{
    private readonly List<object> _events = [];
    private object? _snapshot;

    public LegacyStateReader(string persistenceId)
    {
        PersistenceId = persistenceId;
        Recover<SnapshotOffer>(offer => _snapshot = offer.Snapshot);
        Recover<object>(_events.Add);
    }

    public override string PersistenceId { get; }

    public static Props Props(string persistenceId) => Akka.Actor.Props.Create(() => new LegacyStateReader(persistenceId));

    protected override void OnReplaySuccess()
    {
        Context.Parent.Tell(new Recovered(_snapshot, _events));
        Context.Stop(Self);
    }

    /// <summary>The old ID's latest snapshot (null: none) and the events after it, in order.</summary>
    public sealed record Recovered(object? Snapshot, IReadOnlyList<object> Events) : INoSerializationVerificationNeeded;
}
