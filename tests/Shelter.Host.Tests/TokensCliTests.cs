using System.Net;
using System.Text.Json;
using Shelter.Cli;

namespace Shelter.Host.Tests;

/// <summary>The operator CLI's <c>tokens</c> commands against the real node: issue, list, revoke, a reader code.</summary>
public sealed class TokensCliTests(HostFixture host) : IClassFixture<HostFixture>, IDisposable
{
    private readonly string _tokenFile = Path.GetTempFileName();

    private async Task<(int Exit, JsonElement Json)> Run(params string[] args)
    {
        await File.WriteAllTextAsync(_tokenFile, HostFixture.AdminToken);
        var output = new StringWriter();
        var exit = await TokensCommand.Run([.. args, "--url", host.Http.BaseAddress!.ToString(), "--admin-token-file", _tokenFile], output);
        return (exit, JsonDocument.Parse(output.ToString()).RootElement);
    }

    [Fact]
    public async Task Issue_list_revoke_and_a_reader_code_from_the_command_line()
    {
        var (exit, issued) = await Run("issue", "--role", "viewer", "--name", "CLI viewer", "--municipality", "cli-city", "--expires-in-days", "7");
        Assert.Equal(0, exit);
        var token = issued.GetProperty("token").GetString()!;
        var id = issued.GetProperty("id").GetString()!;
        Assert.StartsWith("svwr_", token, StringComparison.Ordinal);
        Assert.Equal("cli-city", issued.GetProperty("scope").GetProperty("municipality").GetString());

        var (_, list) = await Run("list", "--role", "viewer");
        var listed = list.EnumerateArray().Single(t => t.GetProperty("id").GetString() == id);
        Assert.False(listed.TryGetProperty("token", out _));
        Assert.Equal("CLI viewer", listed.GetProperty("name").GetString());

        Assert.Equal(0, (await Run("revoke", "--id", id)).Exit);
        Assert.Equal(HttpStatusCode.Unauthorized, (await host.Send(HttpMethod.Get, "/api/v1/session", token)).StatusCode);
        var (missing, problem) = await Run("revoke", "--id", "nosuchtokenatall");
        Assert.Equal(1, missing);
        Assert.Equal("unknown-token", problem.GetProperty("reason").GetString());

        await host.OpenWithReader("cli-shelter", "cli-reader-0");
        var (codeExit, code) = await Run("reader-code", "--shelter", "cli-shelter", "--reader", "cli-reader-1");
        Assert.Equal(0, codeExit);
        Assert.Matches("^[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4}$", code.GetProperty("code").GetString()!);
    }

    public void Dispose() => File.Delete(_tokenFile);
}
