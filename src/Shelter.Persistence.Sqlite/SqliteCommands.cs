using Microsoft.Data.Sqlite;

namespace Shelter.Persistence.Sqlite;

internal static class SqliteCommands
{
    /// <summary>A command kept for reuse: SQLite prepares it on first execution and keeps the statement while it lives.</summary>
    public static SqliteCommand Statement(this SqliteConnection connection, string sql, params string[] parameters)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var name in parameters)
        {
            command.Parameters.Add(new SqliteParameter { ParameterName = name });
        }
        return command;
    }

    public static void Execute(this SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}
