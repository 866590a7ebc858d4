using Shelter.Registry;

namespace Shelter.Host.Registry;

/// <summary>What an import did or would do, for the municipality officer who sent the file.</summary>
public sealed record RegistryImportReport(
    string Layout,
    string Encoding,
    int Rows,
    int Added,
    int Changed,
    int Merged,
    int Unchanged,
    int Unreadable,
    bool Applied,
    RowProblem[] Problems,
    PlaceChange[] Changes,
    bool Truncated);

/// <summary>
/// Imports registry files one at a time on this node: read, merged with the places of the municipalities the file
/// covers, and written in one transaction only when every row could be read (a dry run never writes).
/// </summary>
public sealed class RegistryImports(PlaceStore store, ILogger<RegistryImports> logger)
{
    /// <summary>How many problems and changes a report lists; the counts are always whole.</summary>
    public const int MaxListed = 1_000;

    private readonly SemaphoreSlim _one = new(1, 1);

    public async Task<RegistryImportReport> Import(byte[] file, string? municipality, bool dryRun, CancellationToken cancel)
    {
        var reading = RegistryFile.Read(file, municipality);
        await _one.WaitAsync(cancel);
        try
        {
            var municipalities = reading.Rows.Select(r => r.Municipality).Distinct(StringComparer.Ordinal).ToList();
            var existing = await store.Of(municipalities, cancel);
            var changes = RegistryMerge.Apply(existing, reading.Rows, await store.Ids(cancel));
            var apply = !dryRun && reading.Problems.Count == 0 && changes.Written.Count > 0;
            if (apply)
            {
                await store.Write(changes.Written, cancel: cancel);
            }
            var report = new RegistryImportReport(reading.Layout.Code, reading.Encoding, reading.Rows.Count,
                changes.Changes.Count(c => c.Change == RegistryMerge.Added), changes.Changes.Count(c => c.Change == RegistryMerge.Changed),
                changes.Changes.Count(c => c.Change == RegistryMerge.Merged), changes.Unchanged, reading.Problems.Count, apply,
                [.. reading.Problems.Take(MaxListed)], [.. changes.Changes.Take(MaxListed)],
                reading.Problems.Count > MaxListed || changes.Changes.Count > MaxListed);
            logger.LogInformation("Registry import ({Layout}, {Encoding}): {Rows} rows, {Added} added, {Changed} changed, {Merged} merged, {Unreadable} unreadable, applied {Applied}",
                report.Layout, report.Encoding, report.Rows, report.Added, report.Changed, report.Merged, report.Unreadable, report.Applied);
            return report;
        }
        finally
        {
            _one.Release();
        }
    }
}
