using Microsoft.Extensions.Options;
using Shelter.Actors;
using Shelter.Host.Options;
using Shelter.Privacy;
using Shelter.Storage;

namespace Shelter.Host.Privacy;

/// <summary>Wires the privacy key, what is derived from it, and the per-person key store (its table made at start).</summary>
public static class PrivacySetup
{
    public static void AddShelterPrivacy(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<PrivacyOptions>().Bind(configuration.GetSection(PrivacyOptions.Section))
            .PostConfigure<IOptions<ShelterOptions>>((privacy, shelter) =>
            {
                privacy.KeyFileConfigured = !string.IsNullOrWhiteSpace(privacy.KeyFile);
                privacy.KeyFile = privacy.KeyFileConfigured ? privacy.KeyFile : PrivacyKeyFile.DefaultFor(shelter.Value.DataDirectory);
            })
            .Validate(p => string.IsNullOrWhiteSpace(p.Key) || PrivacyKey.IsValidText(p.Key),
                "Shelter:Privacy:Key must be base64 of at least 32 bytes (openssl rand -base64 32).")
            .Validate<IOptions<ShelterOptions>>((p, shelter) => !string.IsNullOrWhiteSpace(p.Key) || !PrivacyKeyFile.IsInside(p.KeyFile!, shelter.Value.DataDirectory),
                "Shelter:Privacy:KeyFile must lie outside the data folder: a backup of the data folder must not hold the key.")
            .Validate<IOptions<ShelterActorOptions>>((p, actors) => actors.Value.Provider != JournalProvider.PostgreSql
                || !string.IsNullOrWhiteSpace(p.Key) || p.KeyFileConfigured,
                "A node on PostgreSQL is one of a cluster: set Shelter:Privacy:Key (or KeyFile) to the same key on every node, or each node would know people by other names.")
            .ValidateOnStart();
        services.AddSingleton(sp =>
        {
            var options = sp.GetRequiredService<IOptions<PrivacyOptions>>().Value;
            if (string.IsNullOrWhiteSpace(options.Key) && !File.Exists(options.KeyFile))
            {
                RefuseJournalWithoutPseudonyms(sp.GetRequiredService<IOptions<ShelterActorOptions>>().Value);
            }
            return PrivacyKey.Load(options.Key, options.KeyFile!);
        });
        services.AddSingleton<CredentialPseudonyms>();
        services.AddSingleton<BlindIndex>();
        services.AddSingleton<Api.LinkConfirmations>();
        services.AddSingleton(sp =>
        {
            var privacy = sp.GetRequiredService<IOptions<PrivacyOptions>>().Value;
            var actors = sp.GetRequiredService<IOptions<ShelterActorOptions>>().Value;
            var database = privacy.KeyStoreConnectionString is { Length: > 0 } own ? SqlDatabase.PostgreSql(own)
                : actors.Provider == JournalProvider.PostgreSql ? SqlDatabase.PostgreSql(actors.ConnectionString)
                : SqlDatabase.Sqlite(Path.Combine(sp.GetRequiredService<IOptions<ShelterOptions>>().Value.DataDirectory, PersonKeyStore.FileName));
            return new PersonKeyStore(database, sp.GetRequiredService<PrivacyKey>());
        });
        services.AddOptions<PeopleOptions>().Bind(configuration.GetSection(PeopleOptions.Section)).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton(sp => new PeopleDirectory(sp.GetRequiredService<Shelter.Access.AccessStore>().Database, sp.GetRequiredService<PersonKeyStore>(),
            sp.GetRequiredService<BlindIndex>(), sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton(sp => new CardReadingStore(sp.GetRequiredService<Shelter.Access.AccessStore>().Database, sp.GetRequiredService<PersonKeyStore>(),
            sp.GetRequiredService<TimeProvider>()));
        services.AddHostedService<KeyStoreTables>();
        services.AddSingleton(sp => new DisasterClosings(sp.GetRequiredService<Shelter.Access.AccessStore>().Database));
        services.AddSingleton<RetentionSweeper>();
        services.AddHostedService(sp => sp.GetRequiredService<RetentionSweeper>());
        services.AddSingleton(sp => new CredentialHoldStore(sp.GetRequiredService<Shelter.Access.AccessStore>().Database));
        services.AddSingleton<Holds.HeldCredentials>();
        services.AddHostedService<Holds.HoldFollower>();
    }

    /// <summary>
    /// A single node's journal that already knows evacuees, with no privacy key yet, was written when evacuees were known
    /// by a plain hash of their certificate: under pseudonyms every one of them would be counted again as someone new.
    /// </summary>
    private static void RefuseJournalWithoutPseudonyms(ShelterActorOptions actors)
    {
        if (actors.Provider != JournalProvider.Sqlite)
        {
            return;
        }
        var file = new Microsoft.Data.Sqlite.SqliteConnectionStringBuilder(actors.ConnectionString).DataSource;
        if (!File.Exists(file))
        {
            return;
        }
        using var connection = new Microsoft.Data.Sqlite.SqliteConnection(new Microsoft.Data.Sqlite.SqliteConnectionStringBuilder
        { DataSource = file, Mode = Microsoft.Data.Sqlite.SqliteOpenMode.ReadOnly, Pooling = false }.ConnectionString);
        connection.Open();
        using var table = connection.CreateCommand();
        table.CommandText = "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = 'journal'";
        if (table.ExecuteScalar() is not long tables || tables == 0)
        {
            return;
        }
        using var query = connection.CreateCommand();
        query.CommandText = "SELECT EXISTS (SELECT 1 FROM journal WHERE persistence_id LIKE 'evacuee-%')";
        if (query.ExecuteScalar() is long found && found == 1)
        {
            throw new InvalidOperationException($"The journal {file} was written before credentials were known by pseudonyms and has no privacy key beside it: "
                + "started on it, this version would count every evacuee in it a second time. Start that data folder with the version that wrote it, "
                + "or start this one on a new data folder (docs/privacy.md, upgrading).");
        }
    }

    private sealed class KeyStoreTables(PersonKeyStore store, PeopleDirectory people, CardReadingStore readings) : IHostedService
    {
        public async Task StartAsync(CancellationToken cancellationToken)
        {
            await store.Initialize(cancellationToken);
            await people.Initialize(cancellationToken);
            await readings.Initialize(cancellationToken);
        }

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
