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

    /// <summary>Runs a statement once (inside <paramref name="transaction"/> when given); the rows it changed.</summary>
    public static int Execute(this SqliteConnection connection, string sql, SqliteTransaction? transaction = null)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        return command.ExecuteNonQuery();
    }

    /// <summary>The first column of the first row a query answers, or null.</summary>
    public static object? Scalar(this SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return command.ExecuteScalar();
    }
}
