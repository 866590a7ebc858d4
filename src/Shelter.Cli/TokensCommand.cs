using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Shelter.Tooling;

namespace Shelter.Cli;

/// <summary>
/// <c>tokens</c>: issue, list and revoke a node's tokens through its admin API. The admin token comes from a file or
/// the environment, never the command line, where every user's <c>ps</c> would show it.
/// </summary>
public static class TokensCommand
{
    public const string TokenVariable = "SHELTER_ADMIN_TOKEN";

    public const string Usage = """
        tokens issue --url URL --role admin|desk|enquiry|viewer --name NAME [--municipality ID] [--shelter ID] [--expires-in-days N]
                                                            issue a token; prints it once, as JSON
        tokens list --url URL [--role ROLE]                 every token: role, holder, scope, issued, revoked, last used
        tokens revoke --url URL --id TOKEN-ID               revoke a token on every node
        tokens reader-code --url URL --shelter ID --reader ID
                                                            a one-time registration code for a reader station
          (each takes the admin token from --admin-token-file FILE or $SHELTER_ADMIN_TOKEN)
        """;

    public static async Task<int> Run(string[] args, TextWriter output, HttpMessageHandler? handler = null)
    {
        if (args.Length == 0)
        {
            throw new UsageException("tokens needs a sub-command: issue, list, revoke or reader-code");
        }
        var arguments = new Arguments(args[1..], new HashSet<string>());
        using var http = AdminClient(arguments, handler);
        using var response = args[0] switch
        {
            "issue" => await http.PostAsJsonAsync("/api/v1/tokens", new JsonObject
            {
                ["role"] = arguments.Required("--role"),
                ["name"] = arguments.Required("--name"),
                ["municipality"] = arguments.Optional("--municipality"),
                ["shelterId"] = arguments.Optional("--shelter"),
                ["expiresInDays"] = arguments.Optional("--expires-in-days") is { } days ? arguments.Int("--expires-in-days", 0, 1, 3650) : null,
            }.Done(arguments)),
            "list" => await http.GetAsync("/api/v1/tokens" + (arguments.Optional("--role") is { } role ? "?role=" + Uri.EscapeDataString(role) : "")).Done(arguments),
            "revoke" => await http.DeleteAsync("/api/v1/tokens/" + Uri.EscapeDataString(arguments.Required("--id"))).Done(arguments),
            "reader-code" => await http.PostAsync(
                $"/api/v1/shelters/{Uri.EscapeDataString(arguments.Required("--shelter"))}/readers/{Uri.EscapeDataString(arguments.Required("--reader"))}/registration-codes",
                null).Done(arguments),
            _ => throw new UsageException($"unknown tokens sub-command '{args[0]}'"),
        };
        var body = await response.Content.ReadAsStringAsync();
        output.WriteLine(body.Length > 0 ? body : JsonSerializer.Serialize(new { status = (int)response.StatusCode }));
        return response.IsSuccessStatusCode ? 0 : 1;
    }

    /// <summary>A client of the node at --url that carries the admin token from --admin-token-file or the environment.</summary>
    public static HttpClient AdminClient(Arguments arguments, HttpMessageHandler? handler)
    {
        var url = arguments.Required("--url");
        var token = arguments.Optional("--admin-token-file") is { } file ? File.ReadAllText(file).Trim()
            : Environment.GetEnvironmentVariable(TokenVariable) ?? throw new UsageException($"--admin-token-file or ${TokenVariable} is required");
        var http = new HttpClient(handler ?? new HttpClientHandler(), disposeHandler: handler is null) { BaseAddress = new Uri(url), Timeout = TimeSpan.FromMinutes(10) };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return http;
    }

    internal static T Done<T>(this T value, Arguments arguments)
    {
        arguments.RejectUnknown();
        return value;
    }

    internal static async Task<T> Done<T>(this Task<T> value, Arguments arguments)
    {
        arguments.RejectUnknown();
        return await value;
    }
}
