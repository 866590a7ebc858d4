using System.Text.Json;
using Shelter.Persistence.Sqlite;
using Shelter.Tooling;

namespace Shelter.Cli;

/// <summary>
/// <c>backup</c>: an online copy of a single node's data folder while it runs (docs/operations.md, backup and
/// restore). Runs beside the node on the same machine; it only reads the node's files.
/// </summary>
public static class BackupCommand
{
    public const string Usage = """
        backup --data DIR --to DIR                          copy a node's data folder while it runs (SQLite); DIR must be new or empty
        """;

    public static int Run(string[] args, TextWriter output)
    {
        var arguments = new Arguments(args, new HashSet<string>());
        var data = Path.GetFullPath(arguments.Required("--data"));
        var target = Path.GetFullPath(arguments.Required("--to"));
        arguments.RejectUnknown();
        var manifest = SqliteBackup.Run(data, target, line => Console.Error.WriteLine("backup " + line));
        output.WriteLine(JsonSerializer.Serialize(manifest, new JsonSerializerOptions(JsonSerializerDefaults.Web)));
        return 0;
    }
}
