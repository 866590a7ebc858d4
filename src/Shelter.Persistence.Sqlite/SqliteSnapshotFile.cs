using Microsoft.Data.Sqlite;

namespace Shelter.Persistence.Sqlite;

/// <summary>
/// Snapshots live in their own SQLite file beside the journal: a shelter's large snapshot then takes the snapshot
/// file's write lock, never the journal's, so no tap waits behind it. Files written before the split kept snapshots in
/// the journal's file; they are moved over once.
/// </summary>
public static class SqliteSnapshotFile
{
    /// <summary>Akka.Persistence.Sql's snapshot table name on SQLite.</summary>
    private const string Table = "snapshot";

    /// <summary>The snapshot file for a journal file: <c>shelter.db</c> → <c>shelter-snapshots.db</c> in the same folder.</summary>
    public static string ConnectionStringFor(string journalConnectionString)
    {
        var journal = new SqliteConnectionStringBuilder(journalConnectionString);
        var path = journal.DataSource;
        var folder = Path.GetDirectoryName(path) ?? string.Empty;
        journal.DataSource = Path.Combine(folder, Path.GetFileNameWithoutExtension(path) + "-snapshots" + Path.GetExtension(path));
        return journal.ConnectionString;
    }

    /// <summary>
    /// Moves the snapshot table out of the journal's file, if it is still there: copied into the snapshot file when that
    /// has none yet, then dropped from the journal's. A stop between the two leaves both; the next start only drops.
    /// </summary>
    /// <returns>How many snapshots were moved.</returns>
    public static long MoveOutOfJournal(string journalConnectionString, string snapshotConnectionString)
    {
        using var journal = new SqliteConnection(journalConnectionString);
        journal.Open();
        var schema = Schema(journal);
        if (schema.Count == 0)
        {
            return 0;
        }
        long moved = 0;
        using (var snapshots = new SqliteConnection(snapshotConnectionString))
        {
            snapshots.Open();
            snapshots.Execute("PRAGMA journal_mode=WAL;");
            if (Schema(snapshots).Count == 0)
            {
                // SQLite attaches only outside a transaction.
                snapshots.Execute($"ATTACH DATABASE {Literal(new SqliteConnectionStringBuilder(journalConnectionString).DataSource)} AS old");
                using (var transaction = snapshots.BeginTransaction())
                {
                    foreach (var create in schema)
                    {
                        snapshots.Execute(create, transaction);
                    }
                    moved = snapshots.Execute($"INSERT INTO main.{Table} SELECT * FROM old.{Table}", transaction);
                    transaction.Commit();
                }
                snapshots.Execute("DETACH DATABASE old");
            }
        }
        journal.Execute($"DROP TABLE {Table}");
        return moved;
    }

    /// <summary>The statements that made the table and its indexes, table first.</summary>
    private static List<string> Schema(SqliteConnection connection)
    {
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT sql FROM sqlite_master WHERE tbl_name = $table AND sql IS NOT NULL ORDER BY type = 'table' DESC";
        command.Parameters.AddWithValue("$table", Table);
        using var reader = command.ExecuteReader();
        var statements = new List<string>();
        while (reader.Read())
        {
            statements.Add(reader.GetString(0));
        }
        return statements;
    }

    private static string Literal(string value) => "'" + value.Replace("'", "''", StringComparison.Ordinal) + "'";
}
