using System.Collections.Concurrent;

namespace Shelter.Persistence.Sqlite;

/// <summary>
/// A fixed set of threads for the journal's reads (recoveries, the read journal's polls). SQLite reads block their
/// thread; on the default dispatcher a burst of recoveries would take the threads the actors and the web host run on.
/// </summary>
internal sealed class SqliteReadPool : IDisposable
{
    private readonly BlockingCollection<Action> _work = new();
    private readonly Thread[] _threads;

    public SqliteReadPool(int threads)
    {
        _threads = [.. Enumerable.Range(0, Math.Max(1, threads)).Select(i => new Thread(Run) { IsBackground = true, Name = $"shelter-journal-read-{i}" })];
        foreach (var thread in _threads)
        {
            thread.Start();
        }
    }

    public Task<T> Run<T>(Func<T> read)
    {
        var done = new TaskCompletionSource<T>(TaskCreationOptions.RunContinuationsAsynchronously);
        try
        {
            _work.Add(() =>
            {
                try
                {
                    done.TrySetResult(read());
                }
                catch (Exception e)
                {
                    done.TrySetException(e);
                }
            });
        }
        catch (InvalidOperationException)
        {
            done.TrySetException(new ObjectDisposedException(nameof(SqliteReadPool), "the journal is shutting down"));
        }
        return done.Task;
    }

    private void Run()
    {
        foreach (var work in _work.GetConsumingEnumerable())
        {
            work();
        }
    }

    public void Dispose()
    {
        _work.CompleteAdding();
        foreach (var thread in _threads)
        {
            thread.Join();
        }
        _work.Dispose();
    }
}
