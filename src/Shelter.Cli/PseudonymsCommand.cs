using System.Security.Cryptography;
using System.Text;
using Shelter.Credentials;
using Shelter.Persistence.Sqlite;
using Shelter.Privacy;
using Shelter.Tooling;

namespace Shelter.Cli;

/// <summary>
/// <c>pseudonyms migrate</c>: turns a single node's data folder from before pseudonyms (evacuees known by a plain hash
/// of their certificate) into one this version starts on, with a new privacy key written beside it (docs/privacy.md).
/// The node must be stopped. The key is written to a staging file first and put in place only once the journal is
/// migrated, so a crash never leaves a key beside an old journal; running the command again finishes the work.
/// </summary>
public static class PseudonymsCommand
{
    public const string Usage = """
        pseudonyms migrate --data DIR [--key-file FILE]     rewrite a stopped node's journal from certificate hashes to pseudonyms (SQLite)
        """;

    public static int Run(string[] args, TextWriter output)
    {
        if (args.FirstOrDefault() != "migrate")
        {
            throw new UsageException("pseudonyms: the command is 'pseudonyms migrate'");
        }
        var arguments = new Arguments(args[1..], new HashSet<string>());
        var data = Path.GetFullPath(arguments.Required("--data"));
        var keyFile = Path.GetFullPath(arguments.Optional("--key-file") ?? PrivacyKeyFile.DefaultFor(data));
        arguments.RejectUnknown();
        var journal = Path.Combine(data, "shelter.db");
        if (!File.Exists(journal))
        {
            throw new UsageException($"no journal at {journal}: --data is the node's data folder");
        }
        if (PrivacyKeyFile.IsInside(keyFile, data))
        {
            throw new UsageException("--key-file must lie outside the data folder: a backup of the data folder must not hold the key");
        }
        if (File.Exists(keyFile))
        {
            throw new IOException($"{keyFile} exists: this data folder already uses pseudonyms (the node made its key), so there is nothing to migrate");
        }
        var staging = keyFile + ".migrating";
        if (!File.Exists(staging))
        {
            OwnerOnlyFile.Write(staging, Convert.ToBase64String(RandomNumberGenerator.GetBytes(PrivacyKey.MinimumBytes)) + "\n");
        }
        var key = PrivacyKey.Load(null, staging);
        var pseudonyms = new CredentialPseudonyms(key);
        var check = Convert.ToHexStringLower(HMACSHA256.HashData(key.Derive("evacuee-id-migration"), Encoding.ASCII.GetBytes("shelter")));
        var result = EvacueeIdMigration.Run(journal, pseudonyms.Of, check);
        if (result.AlreadyDone && result.Check != check)
        {
            throw new IOException($"the journal was migrated with another key than {staging} holds: find that key; nothing was changed");
        }
        File.Move(staging, keyFile);
        output.WriteLine(result.AlreadyDone
            ? $"the journal was migrated already; its key is now {keyFile}"
            : $"migrated {result.Evacuees} evacuees ({result.JournalRows} events, {result.SnapshotRows} snapshots rewritten); privacy key written to {keyFile}");
        output.WriteLine("Start the node with this key file (Shelter:Privacy:KeyFile, or its default place beside the data folder). Backups taken before still hold the old IDs: delete them when you can.");
        return 0;
    }
}
