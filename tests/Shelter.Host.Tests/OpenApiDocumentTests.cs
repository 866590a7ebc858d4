using System.Net;
using System.Text.Json;

namespace Shelter.Host.Tests;

/// <summary>
/// The OpenAPI document is complete enough to write a client from: every API operation names itself, says what it
/// answers on success, and lists the refusals it can give (429 and 503 everywhere, 401 and 403 behind a policy) as
/// problem details; the anonymous ones say they need no credential.
/// </summary>
public sealed class OpenApiDocumentTests(HostFixture host) : IClassFixture<HostFixture>
{
    private static readonly string[] Methods = ["get", "post", "put", "delete", "patch"];

    [Fact]
    public async Task Every_api_operation_lists_its_success_and_every_refusal_it_can_give()
    {
        var response = await host.Send(HttpMethod.Get, "/openapi/v1.json", null);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var root = document.RootElement;
        Assert.True(root.GetProperty("components").GetProperty("securitySchemes").TryGetProperty("bearer", out _));
        var problems = new List<string>();
        var anonymous = new List<string>();
        var operations = 0;
        foreach (var path in root.GetProperty("paths").EnumerateObject().Where(p => p.Name.StartsWith("/api/", StringComparison.Ordinal)))
        {
            foreach (var operation in path.Value.EnumerateObject().Where(o => Methods.Contains(o.Name)))
            {
                operations++;
                var name = $"{operation.Name.ToUpperInvariant()} {path.Name}";
                var value = operation.Value;
                if (!value.TryGetProperty("operationId", out _))
                {
                    problems.Add($"{name}: no operationId");
                }
                var responses = value.GetProperty("responses");
                var codes = responses.EnumerateObject().Select(r => r.Name).ToList();
                if (!codes.Any(c => c.StartsWith('2')))
                {
                    problems.Add($"{name}: no success response");
                }
                var open = value.TryGetProperty("security", out var security) && security.GetArrayLength() == 0;
                if (open)
                {
                    anonymous.Add(name);
                }
                foreach (var code in open ? new[] { "429", "503" } : ["401", "403", "429", "503"])
                {
                    if (!responses.TryGetProperty(code, out var refusal) || !refusal.TryGetProperty("content", out var content)
                        || !content.TryGetProperty("application/problem+json", out _))
                    {
                        problems.Add($"{name}: no {code} problem response");
                    }
                }
            }
        }
        Assert.True(operations > 20, $"only {operations} operations");
        Assert.Empty(problems);
        Assert.Contains("POST /api/v1/readers/enrol", anonymous);
        Assert.DoesNotContain("POST /api/v2/taps", anonymous);
    }
}
