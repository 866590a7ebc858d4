using Akka.Hosting;
using Shelter.Actors;

namespace Shelter.Actors.Tests;

/// <summary>
/// A single-node cluster on a test journal, wired as the host wires it. On Shelter's SQLite journal every message is
/// also serialized as if it crossed nodes, so a message the serializer cannot carry fails here, not first in a
/// cluster. Not on Akka.Persistence.Sql's journal: its own internal messages (a write's completion carries a task) cannot
/// be serialized, and they never leave the node.
/// </summary>
public sealed class TestNode : IAsyncDisposable, IDisposable
{
    private TestNode(ActorNode node)
    {
        Node = node;
        Scenario = new Scenario(node.Regions);
    }

    public ActorNode Node { get; }

    public Scenario Scenario { get; }

    /// <param name="verifySerialization">
    /// Off for tests of journal failures: the journal's failure reply carries the database's exception, which Akka's
    /// fallback serializer cannot rebuild, so verification would swallow the very reply under test. It never leaves
    /// the node.
    /// </param>
    public static async Task<TestNode> StartAsync(ShelterActorOptions options, bool verifySerialization = true)
    {
        verifySerialization &= options is { Provider: JournalProvider.Sqlite, SqliteJournal: SqliteJournalKind.GroupCommit };
        return new(await ActorNode.StartAsync(options, akka => akka.AddHocon($"akka.actor.serialize-messages = {(verifySerialization ? "on" : "off")}", HoconAddMode.Prepend)));
    }

    public static TestNode Start(TestDatabase database, bool runRelay = true) => StartAsync(database.Options(runRelay)).GetAwaiter().GetResult();

    public ValueTask DisposeAsync() => Node.DisposeAsync();

    public void Dispose() => Node.Dispose();
}
