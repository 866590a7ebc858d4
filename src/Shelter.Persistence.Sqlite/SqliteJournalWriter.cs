using System.Collections.Concurrent;
using Microsoft.Data.Sqlite;

namespace Shelter.Persistence.Sqlite;

/// <summary>One event as the journal table stores it.</summary>
internal sealed record JournalRow(string PersistenceId, long SequenceNr, long Created, byte[] Message, string Manifest, int SerializerId,
    string? WriterUuid, IReadOnlyCollection<string> Tags);

/// <summary>
/// The only writer of the journal file: one thread, one connection, prepared statements, group commit. Whatever the
/// persistent actors ask to write while a transaction is committing waits in the queue and goes into the next
/// transaction together, so a surge costs one commit (and, with <c>synchronous=FULL</c>, one fsync) per batch, not
/// per event; each caller's task completes only after the commit that carried its rows. SQLite admits one writer at
/// a time anyway, so nothing is lost by having exactly one.
/// </summary>
/// <remarks>
/// Each write in a batch runs inside its own savepoint, so one that breaks a constraint (a sequence number written
/// twice by an actor that should have stopped) is rolled back alone and the rest commit. An error of the file itself
/// (I/O, full disk, corruption) fails the batch and everything queued, closes the connection, and refuses writes at
/// once until a fresh connection commits a probe row: a connection that has seen such an error is not trusted again.
/// </remarks>
internal sealed class SqliteJournalWriter : IDisposable
{
    private readonly BlockingCollection<Operation> _queue;
    private readonly string _connectionString;
    private readonly SqliteSynchronous _synchronous;
    private readonly int _maxRowsPerCommit;
    private readonly TimeSpan _probeInterval;
    private readonly SqliteJournalHealth _health;
    private readonly Thread _thread;
    private readonly SqliteCheckpointer _checkpointer;
    private Statements? _open;

    public SqliteJournalWriter(string connectionString, SqliteSynchronous synchronous, WriterLimits limits, SqliteJournalHealth health)
    {
        _connectionString = connectionString;
        _synchronous = synchronous;
        _maxRowsPerCommit = limits.MaxRowsPerCommit;
        _probeInterval = limits.ProbeInterval;
        _health = health;
        _queue = new BlockingCollection<Operation>(limits.MaxQueuedWrites);
        // The first open fails the start, as a wrong path or a corrupt file should; later ones are probes.
        _open = new Statements(connectionString, synchronous);
        _health.Start(limits.MaxQueuedWrites, () => _queue.Count);
        _checkpointer = new SqliteCheckpointer(connectionString, limits.CheckpointInterval);
        _thread = new Thread(Run) { IsBackground = true, Name = "shelter-journal-writer" };
        _thread.Start();
    }

    /// <summary>Completes when the rows are committed (all or none of them), or fails with why they were not.</summary>
    public Task Write(IReadOnlyList<JournalRow> rows) => Enqueue(new Operation(rows, null, 0));

    /// <summary>Deletes a persistence ID's events up to a sequence number, keeping the highest one as a marker.</summary>
    public Task Delete(string persistenceId, long toSequenceNr) => Enqueue(new Operation([], persistenceId, toSequenceNr));

    private Task Enqueue(Operation operation)
    {
        if (_health.Failure is { } failure)
        {
            return Task.FromException(NotNow(failure));
        }
        try
        {
            if (!_queue.TryAdd(operation))
            {
                _health.RejectedFull();
                return Task.FromException(new JournalRefusedException($"the journal's write queue is full ({_queue.BoundedCapacity} writes); nothing was stored", nothingStored: true));
            }
        }
        catch (InvalidOperationException)
        {
            return Task.FromException(new ObjectDisposedException(nameof(SqliteJournalWriter), "the journal is shutting down"));
        }
        return operation.Done.Task;
    }

    private void Run()
    {
        var batch = new List<Operation>();
        while (!_queue.IsCompleted)
        {
            if (_open is null)
            {
                Probe();
                continue;
            }
            if (!_queue.TryTake(out var first, Timeout.Infinite))
            {
                continue;
            }
            batch.Add(first);
            var rows = first.Rows.Count;
            while (rows < _maxRowsPerCommit && _queue.TryTake(out var next))
            {
                batch.Add(next);
                rows += next.Rows.Count;
            }
            Commit(_open, batch);
            batch.Clear();
            if (_checkpointer.LogIsLong && _open is not null)
            {
                FinishCheckpoint(_open);
            }
        }
        _open?.Dispose();
    }

    /// <summary>
    /// Commits a batch in one transaction, each write in its own savepoint. A write that fails alone fails only its
    /// caller; a failure of the file fails them all and every write still queued.
    /// </summary>
    private void Commit(Statements statements, List<Operation> batch)
    {
        var failed = new Exception?[batch.Count];
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        _health.Committing();
        try
        {
            using var transaction = statements.Begin();
            for (var i = 0; i < batch.Count; i++)
            {
                failed[i] = statements.Apply(batch[i]);
            }
            transaction.Commit();
        }
        catch (Exception e)
        {
            Broken(e, batch);
            return;
        }
        _health.Committed();
        JournalMetrics.Committed(System.Diagnostics.Stopwatch.GetElapsedTime(started), batch.Count);
        for (var i = 0; i < batch.Count; i++)
        {
            if (failed[i] is { } error)
            {
                batch[i].Done.TrySetException(error);
            }
            else
            {
                batch[i].Done.TrySetResult();
            }
        }
    }

    /// <summary>Copies what is left of a long log between two commits, so the next commit starts it again (see <see cref="SqliteCheckpointer"/>).</summary>
    private void FinishCheckpoint(Statements statements)
    {
        try
        {
            statements.Checkpoint();
            _checkpointer.LogIsLong = false;
        }
        catch (SqliteException)
        {
            // A full disk fails the copy; the next commit on this connection says so if the file is really broken.
        }
    }

    private void Broken(Exception cause, List<Operation> batch)
    {
        var reason = Describe(cause);
        _health.Fail(reason);
        _health.CommitEnded();
        _open?.Dispose();
        _open = null;
        var error = new JournalRefusedException($"the journal could not be written ({reason}); these writes may not be stored", nothingStored: false, cause);
        foreach (var operation in batch)
        {
            operation.Done.TrySetException(error);
        }
        var unattempted = new JournalRefusedException($"the journal could not be written ({reason}); nothing was stored", nothingStored: true, cause);
        while (_queue.TryTake(out var queued))
        {
            queued.Done.TrySetException(unattempted);
        }
    }

    /// <summary>Waits, then tries a fresh connection and a probe commit; writes that raced in meanwhile are refused.</summary>
    private void Probe()
    {
        if (_queue.TryTake(out var raced, _probeInterval))
        {
            raced.Done.TrySetException(NotNow(_health.Failure));
            return;
        }
        Statements? candidate = null;
        try
        {
            candidate = new Statements(_connectionString, _synchronous);
            candidate.Probe();
            _open = candidate;
            _health.Recover();
        }
        catch (Exception e)
        {
            candidate?.Dispose();
            _health.Fail(Describe(e));
        }
    }

    /// <summary>The refusal of a write that came while the file is known to fail: never tried, so nothing stored.</summary>
    private static JournalRefusedException NotNow(string? failure) =>
        new($"the journal cannot be written now ({failure}); nothing was stored", nothingStored: true);

    /// <summary>A reason for logs and health: SQLite's error name and message, never a row's content.</summary>
    private static string Describe(Exception e) => e is SqliteException sqlite
        ? $"SQLite error {sqlite.SqliteErrorCode}/{sqlite.SqliteExtendedErrorCode}: {sqlite.Message}"
        : $"{e.GetType().Name}: {e.Message}";

    /// <summary>Stops taking writes, commits what is queued, and closes the file.</summary>
    public void Dispose()
    {
        _queue.CompleteAdding();
        _thread.Join();
        _checkpointer.Dispose();
        _queue.Dispose();
    }

    internal sealed record WriterLimits(int MaxRowsPerCommit, int MaxQueuedWrites, TimeSpan ProbeInterval, TimeSpan CheckpointInterval);

    private sealed class Operation(IReadOnlyList<JournalRow> rows, string? deletePersistenceId, long deleteTo)
    {
        public IReadOnlyList<JournalRow> Rows { get; } = rows;

        public string? DeletePersistenceId { get; } = deletePersistenceId;

        public long DeleteTo { get; } = deleteTo;

        public TaskCompletionSource Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }

    /// <summary>One open connection and its prepared statements.</summary>
    private sealed class Statements : IDisposable
    {
        private readonly SqliteConnection _connection;
        private readonly SqliteCommand _insertEvent;
        private readonly SqliteCommand _insertTag;

        /// <summary>The statements of a deletion, in order; each takes $pid and $to.</summary>
        private readonly SqliteCommand[] _deletion;

        private readonly SqliteCommand _savepoint;
        private readonly SqliteCommand _release;
        private readonly SqliteCommand _rollbackTo;
        private readonly SqliteCommand _probe;
        private readonly SqliteCommand[] _all;

        public Statements(string connectionString, SqliteSynchronous synchronous)
        {
            _connection = new SqliteConnection(connectionString);
            try
            {
                _connection.Open();
                // Checkpoints run on their own thread (SqliteCheckpointer), never inside a commit; a log that grew long is
                // cut back to 64 MB when it starts again.
                _connection.Execute("PRAGMA journal_mode=WAL; PRAGMA wal_autocheckpoint=0; PRAGMA journal_size_limit=67108864; " + SqlitePragmas.For(synchronous));
                SqliteJournalSchema.Ensure(_connection);
            }
            catch
            {
                _connection.Dispose();
                throw;
            }
            _insertEvent = _connection.Statement("""
                INSERT INTO journal (created, deleted, persistence_id, sequence_number, message, manifest, identifier, writer_uuid)
                VALUES ($created, 0, $pid, $seq, $message, $manifest, $identifier, $writer) RETURNING ordering
                """, "$created", "$pid", "$seq", "$message", "$manifest", "$identifier", "$writer");
            _insertTag = _connection.Statement("INSERT INTO tags (ordering_id, tag, sequence_nr, persistence_id) VALUES ($ordering, $tag, $seq, $pid)",
                "$ordering", "$tag", "$seq", "$pid");
            // Deletion keeps the highest row (flagged deleted) so the highest sequence number survives, as Akka.Persistence.Sql does.
            _deletion =
            [
                _connection.Statement("UPDATE journal SET deleted = 1 WHERE persistence_id = $pid AND sequence_number <= $to", "$pid", "$to"),
                _connection.Statement("""
                    DELETE FROM journal WHERE persistence_id = $pid AND sequence_number <= $to
                      AND sequence_number < (SELECT MAX(sequence_number) FROM journal WHERE persistence_id = $pid AND deleted = 1)
                    """, "$pid", "$to"),
                _connection.Statement("DELETE FROM tags WHERE persistence_id = $pid AND sequence_nr <= $to", "$pid", "$to"),
            ];
            _savepoint = _connection.Statement("SAVEPOINT write");
            _release = _connection.Statement("RELEASE write");
            _rollbackTo = _connection.Statement("ROLLBACK TO write");
            _probe = _connection.Statement($"INSERT OR REPLACE INTO {SqliteJournalSchema.ProbeTable} (id, written) VALUES (1, $now)", "$now");
            _all = [_insertEvent, _insertTag, .. _deletion, _savepoint, _release, _rollbackTo, _probe];
        }

        public SqliteTransaction Begin()
        {
            var transaction = _connection.BeginTransaction();
            foreach (var command in _all)
            {
                command.Transaction = transaction;
            }
            return transaction;
        }

        /// <summary>One write inside its savepoint: null when it went in, or why it alone did not.</summary>
        public Exception? Apply(Operation operation)
        {
            _savepoint.ExecuteNonQuery();
            try
            {
                if (operation.DeletePersistenceId is { } persistenceId)
                {
                    foreach (var command in _deletion)
                    {
                        command.Parameters["$pid"].Value = persistenceId;
                        command.Parameters["$to"].Value = operation.DeleteTo;
                        command.ExecuteNonQuery();
                    }
                }
                foreach (var row in operation.Rows)
                {
                    Insert(row);
                }
            }
            catch (SqliteException e) when (OnlyThisWrite(e))
            {
                _rollbackTo.ExecuteNonQuery();
                _release.ExecuteNonQuery();
                return e;
            }
            _release.ExecuteNonQuery();
            return null;
        }

        public void Checkpoint() => SqliteCheckpointer.Checkpoint(_connection);

        /// <summary>A commit of one row beside the journal: proves the file takes writes again.</summary>
        public void Probe()
        {
            using var transaction = Begin();
            _probe.Parameters["$now"].Value = DateTime.UtcNow.Ticks;
            _probe.ExecuteNonQuery();
            transaction.Commit();
        }

        /// <summary>Errors of a write's content, not of the file: constraints, types, sizes.</summary>
        private static bool OnlyThisWrite(SqliteException e) => e.SqliteErrorCode is 18 /* TOOBIG */ or 19 /* CONSTRAINT */ or 20 /* MISMATCH */ or 25 /* RANGE */;

        private void Insert(JournalRow row)
        {
            var parameters = _insertEvent.Parameters;
            parameters["$created"].Value = row.Created;
            parameters["$pid"].Value = row.PersistenceId;
            parameters["$seq"].Value = row.SequenceNr;
            parameters["$message"].Value = row.Message;
            parameters["$manifest"].Value = row.Manifest;
            parameters["$identifier"].Value = row.SerializerId;
            parameters["$writer"].Value = (object?)row.WriterUuid ?? DBNull.Value;
            var ordering = (long)_insertEvent.ExecuteScalar()!;
            foreach (var tag in row.Tags)
            {
                _insertTag.Parameters["$ordering"].Value = ordering;
                _insertTag.Parameters["$tag"].Value = tag;
                _insertTag.Parameters["$seq"].Value = row.SequenceNr;
                _insertTag.Parameters["$pid"].Value = row.PersistenceId;
                _insertTag.ExecuteNonQuery();
            }
        }

        public void Dispose()
        {
            foreach (var command in _all)
            {
                command.Dispose();
            }
            _connection.Dispose();
        }
    }
}
