using Akka.Actor;

namespace Shelter.Persistence.Sqlite;

/// <summary>
/// What the journal, its read journal and the host share in one actor system: the writer's health and the pool the
/// reads run on. Akka creates the journal plugin itself, so this is how anything else reaches it.
/// </summary>
public sealed class SqliteJournalExtension : IExtension
{
    public const string ReadThreadsSetting = SqlitePersistence.JournalPluginId + ".read-threads";

    /// <summary>Threads that run recoveries and the read journal's polls when <see cref="ReadThreadsSetting"/> is not set.</summary>
    public const int DefaultReadThreads = 4;

    private readonly Lazy<SqliteReadPool> _reads;

    public SqliteJournalExtension(ExtendedActorSystem system)
    {
        var threads = system.Settings.Config.HasPath(ReadThreadsSetting) ? system.Settings.Config.GetInt(ReadThreadsSetting) : DefaultReadThreads;
        _reads = new Lazy<SqliteReadPool>(() => new SqliteReadPool(threads));
        system.RegisterOnTermination(() =>
        {
            if (_reads.IsValueCreated)
            {
                _reads.Value.Dispose();
            }
        });
    }

    public SqliteJournalHealth Health { get; } = new();

    internal SqliteReadPool Reads => _reads.Value;

    public static SqliteJournalExtension Get(ActorSystem system) => system.WithExtension<SqliteJournalExtension, SqliteJournalExtensionProvider>();
}

public sealed class SqliteJournalExtensionProvider : ExtensionIdProvider<SqliteJournalExtension>
{
    public override SqliteJournalExtension CreateExtension(ExtendedActorSystem system) => new(system);
}
