using System.Text.Json;
using Shelter.Cli;
using Shelter.Registry.Tests;

namespace Shelter.Host.Tests;

/// <summary>The operator CLI's <c>registry import</c> against the real node, from the files municipalities publish.</summary>
public sealed class RegistryCliTests(HostFixture host) : IClassFixture<HostFixture>, IDisposable
{
    private readonly string _tokenFile = Path.GetTempFileName();

    private async Task<(int Exit, JsonElement Json, string Progress)> Run(params string[] args)
    {
        await File.WriteAllTextAsync(_tokenFile, HostFixture.AdminToken);
        var (output, progress) = (new StringWriter(), new StringWriter());
        var exit = await RegistryCommand.Run([.. args, "--url", host.Http.BaseAddress!.ToString(), "--admin-token-file", _tokenFile], output, progress);
        return (exit, JsonDocument.Parse(output.ToString()).RootElement, progress.ToString());
    }

    [Fact]
    public async Task A_dry_run_then_the_import_of_a_Shift_JIS_file()
    {
        var file = Path.Combine(AppContext.BaseDirectory, "Files", RegistryFiles.OdfShelters);

        var (dryExit, dry, dryProgress) = await Run("import", "--file", file, "--dry-run");
        var (exit, report, progress) = await Run("import", "--file", file);

        Assert.Equal((0, 0), (dryExit, exit));
        Assert.False(dry.GetProperty("applied").GetBoolean());
        Assert.Contains("取り込みなし / nothing imported: 2 行 rows", dryProgress, StringComparison.Ordinal);
        Assert.Equal("shift_jis", report.GetProperty("encoding").GetString());
        Assert.Contains("取り込み完了 / imported", progress, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Unreadable_rows_are_listed_by_line_and_the_exit_says_nothing_was_imported()
    {
        var (exit, problem, progress) = await Run("import", "--file", Path.Combine(AppContext.BaseDirectory, "Files", RegistryFiles.BadRows));

        Assert.Equal(1, exit);
        Assert.Equal("unreadable-rows", problem.GetProperty("reason").GetString());
        Assert.Contains("5 行目 line: outside-japan", progress, StringComparison.Ordinal);
    }

    public void Dispose() => File.Delete(_tokenFile);
}
