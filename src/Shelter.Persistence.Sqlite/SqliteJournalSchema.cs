using Microsoft.Data.Sqlite;

namespace Shelter.Persistence.Sqlite;

/// <summary>
/// Akka.Persistence.Sql's journal tables on SQLite (tag-write-mode TagTable), as its own auto-initialize creates them.
/// <see cref="SqliteJournal"/> writes this schema so that Akka.Persistence.Sql's read journal (the relay's and the
/// dashboard's <c>AllEvents</c> / <c>EventsByTag</c>) and snapshot store keep working unchanged, and so a file written by
/// one journal is recovered by the other.
/// </summary>
internal static class SqliteJournalSchema
{
    private const string Create = """
        CREATE TABLE IF NOT EXISTS [journal]
        (
          [ordering]        INTEGER        NOT NULL PRIMARY KEY AUTOINCREMENT,
          [created]         INTEGER        NOT NULL,
          [deleted]         Bit            NOT NULL,
          [persistence_id]  NVarChar(255)  NOT NULL,
          [sequence_number] INTEGER        NOT NULL,
          [message]         VarBinary      NOT NULL,
          [manifest]        NVarChar(500)      NULL,
          [identifier]      INTEGER            NULL,
          [writer_uuid]     NVarChar(128)      NULL
        );
        CREATE UNIQUE INDEX IF NOT EXISTS journal_uq ON journal (persistence_id, sequence_number);
        CREATE INDEX IF NOT EXISTS journal_created_idx ON journal (created);
        CREATE INDEX IF NOT EXISTS journal_sequence_number_idx ON journal (sequence_number);
        CREATE TABLE IF NOT EXISTS [tags]
        (
          [ordering_id]    INTEGER       NOT NULL,
          [tag]            NVarChar(64)  NOT NULL,
          [sequence_nr]    INTEGER       NOT NULL,
          [persistence_id] NVarChar(255) NOT NULL,
          CONSTRAINT [PK_tags] PRIMARY KEY ([ordering_id], [tag])
        );
        CREATE INDEX IF NOT EXISTS tags_persistence_id_sequence_nr_idx ON tags (persistence_id, sequence_nr);
        CREATE INDEX IF NOT EXISTS tags_tag_idx ON tags (tag);
        CREATE TABLE IF NOT EXISTS [journal_probe] ([id] INTEGER NOT NULL PRIMARY KEY, [written] INTEGER NOT NULL);
        """;

    /// <summary>One row the writer rewrites to learn that a file which failed takes writes again; no reader looks at it.</summary>
    public const string ProbeTable = "journal_probe";

    public static void Ensure(SqliteConnection connection) => connection.Execute(Create);
}
