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
internal sealed class SqliteJournalWriter : IDisposable
{
    private readonly BlockingCollection<Operation> _queue = new();
    private readonly SqliteConnection _connection;
    private readonly SqliteCommand _insertEvent;
    private readonly SqliteCommand _insertTag;
    /// <summary>The statements of a deletion, in order; each takes $pid and $to.</summary>
    private readonly SqliteCommand[] _deletion;
    private readonly SqliteCommand[] _statements;
    private readonly int _maxRowsPerCommit;
    private readonly Thread _thread;

    public SqliteJournalWriter(string connectionString, SqliteSynchronous synchronous, int maxRowsPerCommit)
    {
        _maxRowsPerCommit = maxRowsPerCommit;
        _connection = new SqliteConnection(connectionString);
        _connection.Open();
        _connection.Execute("PRAGMA journal_mode=WAL; " + SqlitePragmas.For(synchronous));
        SqliteJournalSchema.Ensure(_connection);
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
        _statements = [_insertEvent, _insertTag, .. _deletion];
        _thread = new Thread(Run) { IsBackground = true, Name = "shelter-journal-writer" };
        _thread.Start();
    }

    /// <summary>Completes when the rows are committed (all or none of them), or fails with why they were not.</summary>
    public Task Write(IReadOnlyList<JournalRow> rows) => Enqueue(new Operation(rows, null, 0));

    /// <summary>Deletes a persistence ID's events up to a sequence number, keeping the highest one as a marker.</summary>
    public Task Delete(string persistenceId, long toSequenceNr) => Enqueue(new Operation([], persistenceId, toSequenceNr));

    private Task Enqueue(Operation operation)
    {
        try
        {
            _queue.Add(operation);
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
        foreach (var first in _queue.GetConsumingEnumerable())
        {
            batch.Add(first);
            var rows = first.Rows.Count;
            while (rows < _maxRowsPerCommit && _queue.TryTake(out var next))
            {
                batch.Add(next);
                rows += next.Rows.Count;
            }
            Commit(batch);
            batch.Clear();
        }
    }

    /// <summary>
    /// Commits a batch in one transaction. If it fails (a sequence number written twice by an actor that should have
    /// been stopped, a full disk), each operation is retried alone, so one bad write fails only its own caller.
    /// </summary>
    private void Commit(List<Operation> batch)
    {
        try
        {
            Transaction(batch);
            foreach (var operation in batch)
            {
                operation.Done.TrySetResult();
            }
        }
        catch (Exception) when (batch.Count > 1)
        {
            foreach (var operation in batch)
            {
                Commit([operation]);
            }
        }
        catch (Exception e)
        {
            batch[0].Done.TrySetException(e);
        }
    }

    private void Transaction(List<Operation> batch)
    {
        using var transaction = _connection.BeginTransaction();
        foreach (var command in _statements)
        {
            command.Transaction = transaction;
        }
        foreach (var operation in batch)
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
        transaction.Commit();
    }

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

    /// <summary>Stops taking writes, commits what is queued, and closes the file.</summary>
    public void Dispose()
    {
        _queue.CompleteAdding();
        _thread.Join();
        foreach (var command in _statements)
        {
            command.Dispose();
        }
        _connection.Dispose();
        _queue.Dispose();
    }

    private sealed class Operation(IReadOnlyList<JournalRow> rows, string? deletePersistenceId, long deleteTo)
    {
        public IReadOnlyList<JournalRow> Rows { get; } = rows;

        public string? DeletePersistenceId { get; } = deletePersistenceId;

        public long DeleteTo { get; } = deleteTo;

        public TaskCompletionSource Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
