using System.Net.Http.Json;
using System.Text.Json;
using Shelter.Persistence.Sqlite;

namespace Shelter.Host.Tests;

/// <summary>
/// A backup taken while taps arrive restores into a node that starts on it and counts exactly what the backup holds:
/// its shelter's occupancy is the number of its evacuees it says are there, no fewer (nothing lost between journal
/// and shelter) and no more (nothing counted twice).
/// </summary>
public sealed class BackupTests(HostFixture host) : IClassFixture<HostFixture>, IDisposable
{
    private readonly string _backup = Path.Combine(Path.GetTempPath(), "shelter-backup-" + Guid.NewGuid().ToString("N"));

    [Fact]
    public async Task A_backup_taken_under_taps_restores_to_a_node_that_counts_what_it_holds()
    {
        var reader = await host.OpenWithReader("backup-a", "backup-reader");
        var cards = Enumerable.Range(0, 40).Select(_ => host.Ca.Issue()).ToList();
        var evacuees = new List<string>();
        foreach (var card in cards.Take(20))
        {
            await host.PostTaps(reader, host.Tap(card, "backup-reader", "backup-a", "check-in"));
            evacuees.Add((await host.EvacueeOf(card)).EvacueeId);
        }
        await host.ShelterWhen("backup-a", s => s.Occupancy == 20);

        var during = Task.Run(async () =>
        {
            var ids = new List<string>();
            foreach (var card in cards.Skip(20))
            {
                await host.PostTaps(reader, host.Tap(card, "backup-reader", "backup-a", "check-in"));
                ids.Add((await host.EvacueeOf(card)).EvacueeId);
            }
            return ids;
        });
        var manifest = SqliteBackup.Run(host.DataDirectory, _backup, _ => { });
        evacuees.AddRange(await during);
        foreach (var card in cards)
        {
            card.Dispose();
        }

        Assert.Equal("shelter-snapshots.db", manifest.Files[0].Name);
        var journal = manifest.Files.Single(f => f.Name == "shelter.db");
        Assert.True(journal.JournalRows > 20);
        Assert.Contains(manifest.Files, f => f.Name == "access.db");

        Assert.DoesNotContain(manifest.Files, f => f.Name.Contains("privacy", StringComparison.Ordinal));
        await using var restored = new RestoredHost(_backup, Shelter.Privacy.PrivacyKeyFile.DefaultFor(host.DataDirectory));
        await restored.InitializeAsync();
        var present = 0;
        foreach (var id in evacuees)
        {
            using var response = await restored.Send(HttpMethod.Get, $"/api/v1/evacuees/{id}", HostFixture.AdminToken);
            if (response.IsSuccessStatusCode
                && (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("currentShelterId").GetString() == "backup-a")
            {
                present++;
            }
        }
        Assert.InRange(present, 20, 40);
        var view = await restored.ShelterWhen("backup-a", s => s.Occupancy == present);
        Assert.Equal(present, view.Occupancy);
    }

    public void Dispose()
    {
        if (Directory.Exists(_backup))
        {
            Directory.Delete(_backup, recursive: true);
        }
    }

    /// <summary>A node whose data folder is a copy of a backup, as docs/operations.md restores one.</summary>
    /// <summary>A node started on the backup, with the privacy key of the node it came from (kept apart from the backup).</summary>
    private sealed class RestoredHost(string backup, string privacyKeyFile) : HostFixture, IAsyncDisposable
    {
        protected override void PrepareDataDirectory(string dataDirectory)
        {
            Directory.CreateDirectory(dataDirectory);
            File.Copy(privacyKeyFile, Shelter.Privacy.PrivacyKeyFile.DefaultFor(dataDirectory));
            foreach (var file in Directory.GetFiles(backup).Where(f => Path.GetFileName(f) != SqliteBackup.ManifestFile))
            {
                File.Copy(file, Path.Combine(dataDirectory, Path.GetFileName(file)));
            }
        }

        async ValueTask IAsyncDisposable.DisposeAsync() => await DisposeAsync();
    }
}
