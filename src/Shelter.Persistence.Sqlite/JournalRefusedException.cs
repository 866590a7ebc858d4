namespace Shelter.Persistence.Sqlite;

/// <summary>The journal did not take a write: its file cannot be written now, or its queue is full.</summary>
public sealed class JournalRefusedException(string message, bool nothingStored, Exception? inner = null) : Exception(message, inner)
{
    /// <summary>
    /// True when the write was refused before it reached the file, so the actor may carry on; false when a commit
    /// failed, which may or may not have stored it, so the actor must stop and recover.
    /// </summary>
    public bool NothingStored { get; } = nothingStored;
}
