using Akka.Actor;
using Akka.Configuration;
using Akka.Persistence.Query;

namespace Shelter.Persistence.Sqlite;

/// <summary>How Akka.Persistence.Query creates <see cref="SqliteReadJournal"/> from its configuration section.</summary>
public sealed class SqliteReadJournalProvider(ExtendedActorSystem system, Config config) : IReadJournalProvider
{
    private readonly Lazy<SqliteReadJournal> _journal = new(() => new SqliteReadJournal(system, config));

    public IReadJournal GetReadJournal() => _journal.Value;
}
