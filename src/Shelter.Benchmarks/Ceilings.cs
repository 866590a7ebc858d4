using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using Microsoft.Data.Sqlite;

namespace Shelter.Benchmarks;

/// <summary>
/// The two ceilings an end-to-end tap rate is compared with, measured on the same machine in the same run: raw
/// journal-shaped inserts into SQLite (no Akka, no linq2db), and raw RSA-2048 signature verification.
/// </summary>
public static class Ceilings
{
    public static int Run(string[] args)
    {
        var seconds = args.Contains("--quick") ? 2 : 5;
        var journal = JournalInserts(TimeSpan.FromSeconds(seconds), full: true);
        var journalNormal = JournalInserts(TimeSpan.FromSeconds(seconds), full: false);
        var rsa = RsaVerify(Environment.ProcessorCount, TimeSpan.FromSeconds(seconds));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"ceiling journal-inserts-full {journal:F0}"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"ceiling journal-inserts-normal {journalNormal:F0}"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"ceiling rsa-verify {rsa:F0}"));
        return 0;
    }

    /// <summary>Rows per second into a table shaped like the journal, 100 rows a transaction, WAL, one writer (SQLite has one).</summary>
    public static double JournalInserts(TimeSpan duration, bool full)
    {
        var dir = Directory.CreateTempSubdirectory("shelter-ceiling-").FullName;
        try
        {
            using var connection = new SqliteConnection($"Data Source={Path.Combine(dir, "ceiling.db")}");
            connection.Open();
            Execute(connection, $"PRAGMA journal_mode=WAL; PRAGMA synchronous={(full ? "FULL" : "NORMAL")};");
            Execute(connection, """
                CREATE TABLE journal (ordering INTEGER PRIMARY KEY AUTOINCREMENT, deleted INTEGER NOT NULL, persistence_id TEXT NOT NULL,
                  sequence_number INTEGER NOT NULL, created INTEGER NOT NULL, tags TEXT, message BLOB NOT NULL, identifier INTEGER,
                  manifest TEXT NOT NULL, writer_uuid TEXT);
                CREATE UNIQUE INDEX journal_pid_seq ON journal (persistence_id, sequence_number);
                """);
            var payload = RandomNumberGenerator.GetBytes(300);
            using var insert = connection.CreateCommand();
            insert.CommandText = "INSERT INTO journal (deleted, persistence_id, sequence_number, created, message, identifier, manifest, writer_uuid) VALUES (0, $p, $s, $c, $m, 4711, 'evacuee.checked-in.v1', 'w')";
            var pid = insert.Parameters.Add("$p", SqliteType.Text);
            var seq = insert.Parameters.Add("$s", SqliteType.Integer);
            var created = insert.Parameters.Add("$c", SqliteType.Integer);
            insert.Parameters.AddWithValue("$m", payload);
            var rows = 0L;
            var watch = Stopwatch.StartNew();
            while (watch.Elapsed < duration)
            {
                using var transaction = connection.BeginTransaction();
                insert.Transaction = transaction;
                for (var i = 0; i < 100; i++, rows++)
                {
                    pid.Value = "evacuee-" + rows.ToString("x16", CultureInfo.InvariantCulture);
                    seq.Value = 1;
                    created.Value = DateTime.UtcNow.Ticks;
                    insert.ExecuteNonQuery();
                }
                transaction.Commit();
            }
            return rows / watch.Elapsed.TotalSeconds;
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            Directory.Delete(dir, recursive: true);
        }
    }

    /// <summary>RSA-2048 PKCS#1 v1.5 verifications per second on the given number of threads.</summary>
    public static double RsaVerify(int threads, TimeSpan duration)
    {
        using var key = RSA.Create(2048);
        var digest = SHA256.HashData("shelter"u8);
        var signature = key.SignHash(digest, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        using var verifier = RSA.Create();
        verifier.ImportParameters(key.ExportParameters(false));
        return Throughput.Measure("raw RSA.VerifyHash", threads, duration, 3, (_, _) =>
            verifier.VerifyHash(digest, signature, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1)).Median;
    }

    private static void Execute(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}
