using System.Data.Common;
using System.Runtime.CompilerServices;
using LinqToDB.Interceptors;
using Microsoft.Data.Sqlite;

namespace Shelter.Persistence.Sqlite;

/// <summary>
/// SQLite settings the connection string cannot carry. WAL lets the read journal poll while the journal writes, and is
/// a property of the file, set once. <c>synchronous</c> is per connection, so it is set on every connection linq2db
/// opens; see <see cref="SqliteSynchronous"/> for what each level risks on power loss.
/// </summary>
public sealed class SqlitePragmas(SqliteSynchronous synchronous) : ConnectionInterceptor
{
    /// <summary>Physical connections already set up: pooled opens hand back the same handle, which keeps its pragmas.</summary>
    private readonly ConditionalWeakTable<object, object> _prepared = [];

    private string Statement { get; } = For(synchronous);

    /// <summary>The per-connection pragmas; the busy timeout lets a writer wait for another's commit instead of failing.</summary>
    public static string For(SqliteSynchronous synchronous) =>
        $"PRAGMA synchronous={(synchronous == SqliteSynchronous.Full ? "FULL" : "NORMAL")}; PRAGMA busy_timeout=10000;";

    public override void ConnectionOpened(ConnectionEventData eventData, DbConnection connection)
    {
        if (NeedsPragmas(connection))
        {
            using var command = connection.CreateCommand();
            command.CommandText = Statement;
            command.ExecuteNonQuery();
        }
    }

    public override async Task ConnectionOpenedAsync(ConnectionEventData eventData, DbConnection connection, CancellationToken cancellationToken)
    {
        if (NeedsPragmas(connection))
        {
            await using var command = connection.CreateCommand();
            command.CommandText = Statement;
            await command.ExecuteNonQueryAsync(cancellationToken);
        }
    }

    private bool NeedsPragmas(DbConnection connection) =>
        connection is not SqliteConnection { Handle: { } handle } || _prepared.TryAdd(handle, handle);

    /// <summary>
    /// Creates the folder and switches the file to WAL before the journal first opens it; with Shelter's journal, also
    /// its tables, which the read journal may query before the first persistent actor has started the journal.
    /// </summary>
    public static void PrepareDatabase(string connectionString, bool createJournal)
    {
        var builder = new SqliteConnectionStringBuilder(connectionString);
        var directory = Path.GetDirectoryName(Path.GetFullPath(builder.DataSource));
        if (!string.IsNullOrEmpty(directory))
        {
            Directory.CreateDirectory(directory);
        }
        using var connection = new SqliteConnection(connectionString);
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA journal_mode=WAL;";
        command.ExecuteNonQuery();
        if (createJournal)
        {
            SqliteJournalSchema.Ensure(connection);
        }
    }
}
