using System.Text;
using System.Text.RegularExpressions;
using Microsoft.Data.Sqlite;

namespace Shelter.Persistence.Sqlite;

/// <summary>
/// Rewrites a single node's SQLite journal written when evacuees were known by a plain hash of their certificate (or
/// <c>card:</c> and a temporary card's ID) so that they are known by pseudonyms instead: every evacuee's persistence
/// ID, its tags, every event and snapshot that names it (shelters' occupants, meals), in the journal's file and the
/// snapshot file beside it; then both files are vacuumed so no old ID stays in a free page. Run with the node stopped.
/// Each step can be run again after a crash: the snapshot file is rewritten first (only IDs the still-old journal
/// names are mapped), then the journal in one transaction that also records the migration.
/// </summary>
public static partial class EvacueeIdMigration
{
    public const string MarkerTable = "evacuee_id_migration";

    private const string EvacueePrefix = "evacuee-";

    /// <param name="Check">What the migration recorded of its key (see <see cref="Run"/>), for the caller to compare.</param>
    public sealed record Result(int Evacuees, int JournalRows, int SnapshotRows, bool AlreadyDone, string? Check);

    [GeneratedRegex("card:[0-9a-f]{16}|[0-9a-f]{64}", RegexOptions.CultureInvariant)]
    private static partial Regex OldId();

    /// <param name="journalFile">The journal's file (<c>shelter.db</c>); its snapshot file is found beside it.</param>
    /// <param name="pseudonymOf">The pseudonym of an old evacuee ID.</param>
    /// <param name="check">A value that identifies the key the pseudonyms come from, without revealing it: recorded with the migration.</param>
    public static Result Run(string journalFile, Func<string, string> pseudonymOf, string check)
    {
        if (!File.Exists(journalFile))
        {
            throw new FileNotFoundException($"no journal at {journalFile}", journalFile);
        }
        var journalConnection = Connection(journalFile);
        using var journal = new SqliteConnection(journalConnection);
        journal.Open();
        journal.Execute("PRAGMA busy_timeout = 2000;");
        if (Recorded(journal) is { } done)
        {
            return new Result(0, 0, 0, true, done);
        }
        var map = OldIds(journal).ToDictionary(id => id, pseudonymOf, StringComparer.Ordinal);
        var snapshotFile = new SqliteConnectionStringBuilder(SqliteSnapshotFile.ConnectionStringFor(journalConnection)).DataSource;
        var snapshotRows = File.Exists(snapshotFile) ? RewriteSnapshots(snapshotFile, map) : 0;
        var journalRows = RewriteJournal(journal, map, check);
        Compact(journal);
        if (File.Exists(snapshotFile))
        {
            using var snapshots = new SqliteConnection(Connection(snapshotFile));
            snapshots.Open();
            Compact(snapshots);
        }
        return new Result(map.Count, journalRows, snapshotRows, false, check);
    }

    private static string Connection(string file) => new SqliteConnectionStringBuilder { DataSource = file, Pooling = false }.ConnectionString;

    private static string? Recorded(SqliteConnection journal)
    {
        using var exists = journal.CreateCommand();
        exists.CommandText = $"SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = '{MarkerTable}'";
        if ((long)exists.ExecuteScalar()! == 0)
        {
            return null;
        }
        using var query = journal.CreateCommand();
        query.CommandText = $"SELECT key_check FROM {MarkerTable} LIMIT 1";
        return query.ExecuteScalar() as string;
    }

    /// <summary>The evacuees the journal knows by an old ID: those whose persistence ID is the prefix and an old ID, whole.</summary>
    private static List<string> OldIds(SqliteConnection journal)
    {
        using var query = journal.CreateCommand();
        query.CommandText = $"SELECT DISTINCT persistence_id FROM journal WHERE persistence_id LIKE '{EvacueePrefix}%'";
        using var reader = query.ExecuteReader();
        var ids = new List<string>();
        while (reader.Read())
        {
            var id = reader.GetString(0)[EvacueePrefix.Length..];
            if (OldId().Match(id) is { Success: true } m && m.Length == id.Length)
            {
                ids.Add(id);
            }
        }
        return ids;
    }

    private static int RewriteSnapshots(string file, Dictionary<string, string> map)
    {
        using var snapshots = new SqliteConnection(Connection(file));
        snapshots.Open();
        snapshots.Execute("PRAGMA busy_timeout = 2000;");
        using var transaction = snapshots.BeginTransaction();
        var rows = new List<(long RowId, string Id, byte[]? Snapshot)>();
        using (var query = snapshots.CreateCommand())
        {
            query.Transaction = transaction;
            query.CommandText = "SELECT rowid, persistence_id, snapshot FROM snapshot";
            using var reader = query.ExecuteReader();
            while (reader.Read())
            {
                rows.Add((reader.GetInt64(0), reader.GetString(1), reader.IsDBNull(2) ? null : (byte[])reader[2]));
            }
        }
        var changed = 0;
        foreach (var (rowId, id, snapshot) in rows)
        {
            var (newId, newSnapshot) = (MapPersistenceId(id, map), snapshot is null ? null : MapBytes(snapshot, map));
            if (newId == id && (snapshot is null || newSnapshot!.AsSpan().SequenceEqual(snapshot)))
            {
                continue;
            }
            using var update = snapshots.CreateCommand();
            update.Transaction = transaction;
            update.CommandText = "UPDATE snapshot SET persistence_id = $id, snapshot = $snapshot WHERE rowid = $row";
            update.Parameters.AddWithValue("$id", newId);
            update.Parameters.AddWithValue("$snapshot", (object?)newSnapshot ?? DBNull.Value);
            update.Parameters.AddWithValue("$row", rowId);
            update.ExecuteNonQuery();
            changed++;
        }
        transaction.Commit();
        return changed;
    }

    private static int RewriteJournal(SqliteConnection journal, Dictionary<string, string> map, string check)
    {
        using var transaction = journal.BeginTransaction();
        var rows = new List<(long Ordering, string Id, byte[] Message)>();
        using (var query = journal.CreateCommand())
        {
            query.Transaction = transaction;
            query.CommandText = "SELECT ordering, persistence_id, message FROM journal";
            using var reader = query.ExecuteReader();
            while (reader.Read())
            {
                rows.Add((reader.GetInt64(0), reader.GetString(1), (byte[])reader[2]));
            }
        }
        var changed = 0;
        foreach (var (ordering, id, message) in rows)
        {
            var (newId, newMessage) = (MapPersistenceId(id, map), MapBytes(message, map));
            if (newId == id && newMessage.AsSpan().SequenceEqual(message))
            {
                continue;
            }
            using var update = journal.CreateCommand();
            update.Transaction = transaction;
            update.CommandText = "UPDATE journal SET persistence_id = $id, message = $message WHERE ordering = $ordering";
            update.Parameters.AddWithValue("$id", newId);
            update.Parameters.AddWithValue("$message", newMessage);
            update.Parameters.AddWithValue("$ordering", ordering);
            update.ExecuteNonQuery();
            changed++;
        }
        foreach (var (old, pseudonym) in map)
        {
            using var tags = journal.CreateCommand();
            tags.Transaction = transaction;
            tags.CommandText = "UPDATE tags SET persistence_id = $new WHERE persistence_id = $old";
            tags.Parameters.AddWithValue("$new", EvacueePrefix + pseudonym);
            tags.Parameters.AddWithValue("$old", EvacueePrefix + old);
            tags.ExecuteNonQuery();
        }
        journal.Execute($"CREATE TABLE {MarkerTable} (key_check TEXT NOT NULL, migrated_at INTEGER NOT NULL)", transaction);
        using (var marker = journal.CreateCommand())
        {
            marker.Transaction = transaction;
            marker.CommandText = $"INSERT INTO {MarkerTable} (key_check, migrated_at) VALUES ($check, $at)";
            marker.Parameters.AddWithValue("$check", check);
            marker.Parameters.AddWithValue("$at", DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());
            marker.ExecuteNonQuery();
        }
        transaction.Commit();
        return changed;
    }

    private static string MapPersistenceId(string id, Dictionary<string, string> map) =>
        id.StartsWith(EvacueePrefix, StringComparison.Ordinal) && map.TryGetValue(id[EvacueePrefix.Length..], out var pseudonym) ? EvacueePrefix + pseudonym : id;

    /// <summary>Every old ID the map knows, wherever it stands in a serialized event or snapshot (UTF-8 JSON).</summary>
    private static byte[] MapBytes(byte[] bytes, Dictionary<string, string> map)
    {
        var text = Encoding.Latin1.GetString(bytes);
        var mapped = OldId().Replace(text, m => map.TryGetValue(m.Value, out var pseudonym) ? pseudonym : m.Value);
        return ReferenceEquals(mapped, text) || mapped == text ? bytes : Encoding.Latin1.GetBytes(mapped);
    }

    private static void Compact(SqliteConnection connection)
    {
        connection.Execute("PRAGMA wal_checkpoint(TRUNCATE);");
        connection.Execute("VACUUM;");
        connection.Execute("PRAGMA wal_checkpoint(TRUNCATE);");
    }
}
