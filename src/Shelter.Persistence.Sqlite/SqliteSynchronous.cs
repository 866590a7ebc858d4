namespace Shelter.Persistence.Sqlite;

/// <summary>
/// How SQLite commits. <c>Full</c>: every committed batch is fsynced before the journal confirms it, so an accepted tap
/// survives power loss. <c>Normal</c> (with WAL): commits reach the OS but are fsynced only at checkpoints, which
/// survives a process crash but may lose the last commits on power loss or a kernel crash: accepted taps could vanish.
/// </summary>
public enum SqliteSynchronous
{
    Full,
    Normal,
}
