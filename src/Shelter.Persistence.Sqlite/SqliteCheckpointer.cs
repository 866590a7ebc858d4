using Microsoft.Data.Sqlite;

namespace Shelter.Persistence.Sqlite;

/// <summary>
/// Copies the write-ahead log into the database file on its own thread and connection. SQLite's automatic checkpoint
/// runs inside the commit that crosses its threshold, so one tap in a thousand would wait for it; the writer turns it
/// off and this does it instead. PASSIVE never waits for the writer or readers: what it cannot copy now it copies on
/// a later round, and SQLite restarts the log once a round has copied it all.
/// </summary>
internal sealed class SqliteCheckpointer : IDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly Thread _thread;

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
                connection.Execute("PRAGMA wal_checkpoint(PASSIVE);");
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

    public void Dispose()
    {
        _stop.Cancel();
        _thread.Join();
        _stop.Dispose();
    }
}
