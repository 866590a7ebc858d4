using System.Net.Http.Headers;
using System.Text.Json;
using Shelter.Tooling;

namespace Shelter.Cli;

/// <summary>
/// <c>registry import</c>: sends a GSI or 自治体標準オープンデータセット file to the node's registry import. The report (JSON)
/// goes to standard output; what is happening, and the summary, to standard error in Japanese and English.
/// </summary>
public static class RegistryCommand
{
    public const string Usage = """
        registry import --url URL --file FILE [--municipality CODE] [--dry-run]
                                                            import shelters and emergency sites (GSI or ODF CSV, UTF-8 or Shift_JIS);
                                                            --dry-run lists what would change and the rows that cannot be read
          (takes the admin token from --admin-token-file FILE or $SHELTER_ADMIN_TOKEN)
        """;

    public static async Task<int> Run(string[] args, TextWriter output, TextWriter progress, HttpMessageHandler? handler = null)
    {
        if (args.FirstOrDefault() != "import")
        {
            throw new UsageException("registry needs a sub-command: import");
        }
        var arguments = new Arguments(args[1..], new HashSet<string> { "--dry-run" });
        var path = arguments.Required("--file");
        var municipality = arguments.Optional("--municipality");
        var dryRun = arguments.Flag("--dry-run");
        using var http = TokensCommand.AdminClient(arguments, handler);
        arguments.RejectUnknown();
        var bytes = await File.ReadAllBytesAsync(path);
        progress.WriteLine($"送信中 / sending {Path.GetFileName(path)} ({bytes.Length / 1024.0:N0} KiB){(dryRun ? "  試行 / dry run" : "")} …");
        var query = $"?dryRun={(dryRun ? "true" : "false")}" + (municipality is null ? "" : "&municipality=" + Uri.EscapeDataString(municipality));
        using var content = new ByteArrayContent(bytes);
        content.Headers.ContentType = new MediaTypeHeaderValue("text/csv");
        using var response = await http.PostAsync("/api/v1/registry/imports" + query, content);
        var body = await response.Content.ReadAsStringAsync();
        output.WriteLine(body);
        using var document = JsonDocument.Parse(body.Length > 0 ? body : "{}");
        var report = document.RootElement.TryGetProperty("report", out var inner) ? inner : document.RootElement;
        if (report.TryGetProperty("rows", out var rows))
        {
            int Count(string name) => report.GetProperty(name).GetInt32();
            var applied = report.GetProperty("applied").GetBoolean();
            progress.WriteLine($"{(applied ? "取り込み完了 / imported" : "取り込みなし / nothing imported")}: {rows.GetInt32()} 行 rows, " +
                $"追加 added {Count("added")}, 変更 changed {Count("changed")}, 統合 merged {Count("merged")}, 変更なし unchanged {Count("unchanged")}, " +
                $"読めない行 unreadable {Count("unreadable")}");
            foreach (var problem in report.GetProperty("problems").EnumerateArray().Take(20))
            {
                progress.WriteLine($"  {problem.GetProperty("line").GetInt32()} 行目 line: {problem.GetProperty("reason").GetString()}: {problem.GetProperty("message").GetString()}");
            }
        }
        else if (document.RootElement.TryGetProperty("detail", out var detail))
        {
            progress.WriteLine($"取り込めません / refused: {detail.GetString()}");
        }
        return response.IsSuccessStatusCode ? 0 : 1;
    }
}
