namespace Shelter.Actors;

/// <summary>Which journal writes events to SQLite. Both use Akka.Persistence.Sql's tables, read journal and snapshot store.</summary>
public enum SqliteJournalKind
{
    /// <summary>Shelter's journal: one connection, prepared statements, group commit (<c>Shelter.Persistence.Sqlite.SqliteJournal</c>).</summary>
    GroupCommit,

    /// <summary>Akka.Persistence.Sql's own journal through linq2db: slower, since it gives each write its own transaction (docs/performance.md).</summary>
    AkkaPersistenceSql,
}
