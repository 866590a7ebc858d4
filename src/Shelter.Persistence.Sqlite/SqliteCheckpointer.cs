using Microsoft.Data.Sqlite;

namespace Shelter.Persistence.Sqlite;

/// <summary>
/// Copies the write-ahead log into the database file on its own thread and connection. SQLite's automatic checkpoint
/// runs inside the commit that crosses its threshold, so one tap in a thousand would wait for it; the writer turns it
/// off and this does the bulk of the copying instead. PASSIVE never waits for the writer or readers.
/// </summary>
/// <remarks>
/// SQLite starts the log again from its beginning only when a write begins after a checkpoint that copied all of it.
/// Under steady writes this thread never sees that (new commits land while it copies), and the log grew by 900 MB a
/// minute at full load. So once the log is longer than <see cref="LongLog"/> frames, <see cref="LogIsLong"/> asks the
/// writer to finish the copy itself between two commits: only the frames since this thread's last round are left, and
/// no commit can land meanwhile, so the copy completes and the next commit restarts the log.
/// </remarks>
internal sealed class SqliteCheckpointer : IDisposable
{
    /// <summary>About 16 MB of 4 KB pages.</summary>
    public const int LongLog = 4096;

    private readonly CancellationTokenSource _stop = new();
    private readonly Thread _thread;
    private volatile bool _logIsLong;

    /// <summary>The log was longer than <see cref="LongLog"/> frames at the last round; the writer clears it once it has copied the rest.</summary>
    public bool LogIsLong
    {
        get => _logIsLong;
        set => _logIsLong = value;
    }

    public SqliteCheckpointer(string connectionString, TimeSpan interval)
    {
        _thread = new Thread(() => Run(connectionString, interval)) { IsBackground = true, Name = "shelter-journal-checkpoint" };
        _thread.Start();
    }

    private void Run(string connectionString, TimeSpan interval)
    {
        SqliteConnection? connection = null;
        while (!_stop.Token.WaitHandle.WaitOne(interval))
        {
            try
            {
                if (connection is null)
                {
                    connection = new SqliteConnection(connectionString);
                    connection.Open();
                }
                _logIsLong = Checkpoint(connection) >= LongLog;
            }
            catch (SqliteException)
            {
                // A full or failing disk: the writer reports it; this tries again next round on a fresh connection.
                connection?.Dispose();
                connection = null;
            }
        }
        connection?.Dispose();
    }

    /// <summary>A passive checkpoint on <paramref name="connection"/>; the log's length in frames when it ran.</summary>
    public static long Checkpoint(SqliteConnection connection)
    {
        using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA wal_checkpoint(PASSIVE);";
        using var reader = command.ExecuteReader();
        return reader.Read() ? reader.GetInt64(1) : 0;
    }

    public void Dispose()
    {
        _stop.Cancel();
        _thread.Join();
        _stop.Dispose();
    }
}
