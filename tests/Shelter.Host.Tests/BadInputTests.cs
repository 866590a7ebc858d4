using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Shelter.Credentials.DevPki;
using Shelter.Host.Api;
using Shelter.Host.Taps;
using Shelter.Protocol;

namespace Shelter.Host.Tests;

/// <summary>Every bad input gets a clear, specific error, and the good taps beside it are not disturbed.</summary>
public sealed class BadInputTests(HostFixture host) : IClassFixture<HostFixture>, IAsyncLifetime
{
    private string _token = "";
    private DevCredential _card = null!;

    public async Task InitializeAsync()
    {
        _token = await host.OpenWithReader("bad", "bad-reader");
        await host.OpenWithReader("other", "other-reader");
        _card = host.Ca.Issue();
    }

    public Task DisposeAsync()
    {
        _card.Dispose();
        return Task.CompletedTask;
    }

    private JsonObject Good(string action = "supply-pickup", DateTimeOffset? at = null) =>
        JsonSerializer.SerializeToNode(host.Tap(_card, "bad-reader", "bad", action, at), HostFixture.Json)!.AsObject();

    private async Task<(HttpStatusCode Status, JsonElement Body)> Post(string? token, string body)
    {
        var response = await host.Send(HttpMethod.Post, "/api/v1/taps", token, rawBody: body);
        var text = await response.Content.ReadAsStringAsync();
        return (response.StatusCode, JsonDocument.Parse(text.Length == 0 ? "{}" : text).RootElement.Clone());
    }

    private static void AssertProblem((HttpStatusCode Status, JsonElement Body) answer, HttpStatusCode status, string reason)
    {
        Assert.Equal(status, answer.Status);
        Assert.Equal(reason, answer.Body.GetProperty("reason").GetString());
        Assert.False(string.IsNullOrWhiteSpace(answer.Body.GetProperty("detail").GetString()));
    }

    [Fact]
    public async Task Request_level_errors_are_problem_details()
    {
        var one = new JsonObject { ["taps"] = new JsonArray(Good()) }.ToJsonString();
        AssertProblem(await Post(null, one), HttpStatusCode.Unauthorized, "unauthenticated");
        AssertProblem(await Post("bad-reader.wrong-secret", one), HttpStatusCode.Unauthorized, "invalid-token");
        AssertProblem(await Post(HostFixture.AdminToken, one), HttpStatusCode.Forbidden, "forbidden");
        AssertProblem(await Post(_token, "{\"taps\": [ {\"tapId\": "), HttpStatusCode.BadRequest, "malformed-json");
        AssertProblem(await Post(_token, "[1,2,3]"), HttpStatusCode.BadRequest, "missing-taps");
        AssertProblem(await Post(_token, "{\"taps\": []}"), HttpStatusCode.BadRequest, "empty-batch");
        var tooMany = new JsonObject { ["taps"] = new JsonArray(Enumerable.Range(0, 1001).Select(_ => (JsonNode)new JsonObject()).ToArray()) };
        AssertProblem(await Post(_token, tooMany.ToJsonString()), HttpStatusCode.BadRequest, "batch-too-large");
        var huge = "{\"taps\":[{\"pad\":\"" + new string('x', 5 * 1024 * 1024) + "\"}]}";
        AssertProblem(await Post(_token, huge), HttpStatusCode.RequestEntityTooLarge, "body-too-large");
        var deep = string.Concat(Enumerable.Repeat("[", 100)) + string.Concat(Enumerable.Repeat("]", 100));
        AssertProblem(await Post(_token, "{\"taps\":" + deep + "}"), HttpStatusCode.BadRequest, "malformed-json");
    }

    [Fact]
    public async Task Each_bad_tap_gets_its_own_reason_and_the_good_one_is_accepted()
    {
        var cases = new List<(string Reason, JsonNode Tap)>
        {
            ("malformed-tap", new JsonObject()),
            ("malformed-tap", JsonValue.Create(42)!),
            ("malformed-tap", With(Good(), "tapId", "not-a-uuid")),
            ("reader-mismatch", With(Good(), "readerId", "other-reader")),
            ("shelter-mismatch", With(Good(), "shelterId", "other")),
            ("unknown-action", With(Good(), "action", "dance")),
            ("malformed-time", With(Good(), "occurredAt", "24/11/2026 12:00")),
            ("malformed-time", With(Good(), "occurredAt", "2026-11-24T12:00:00+09:00")),
            ("in-future", Good(at: DateTimeOffset.UtcNow.AddMinutes(10))),
            ("too-old", Good(at: DateTimeOffset.UtcNow.AddDays(-8))),
            ("unknown-credential-kind", WithCredential(Good(), "kind", "passport")),
            ("malformed-credential", WithCredential(Good(), "certificate", "***not base64***")),
            ("malformed-certificate", WithCredential(Good(), "certificate", Convert.ToBase64String(new byte[] { 0x30, 0x03, 0x02, 0x01, 0x01 }))),
            ("oversized", WithCredential(Good(), "certificate", Convert.ToBase64String(new byte[20_000]))),
            ("bad-signature", WithCredential(Good(), "signature", Convert.ToBase64String(new byte[256]))),
            ("challenge-mismatch", WithCredential(Good(), "nonce", Convert.ToBase64String(new byte[16]))),
            ("challenge-mismatch", WithCredential(Good(), "nonce", Convert.ToBase64String(new byte[8]))),
            ("malformed-card-id", JsonSerializer.SerializeToNode(DevTaps.TemporaryCard("12345", "bad-reader", "bad", "check-in", DateTimeOffset.UtcNow), HostFixture.Json)!),
        };
        var good = Good("check-in");
        var taps = new JsonArray([.. cases.Select(c => c.Tap), good]);
        var (status, body) = await Post(_token, new JsonObject { ["taps"] = taps }.ToJsonString());

        Assert.Equal(HttpStatusCode.OK, status);
        var results = body.GetProperty("results").EnumerateArray().ToList();
        Assert.Equal(cases.Count + 1, results.Count);
        for (var i = 0; i < cases.Count; i++)
        {
            Assert.Equal(TapStatusCodes.Rejected, results[i].GetProperty("status").GetString());
            Assert.Equal(cases[i].Reason, results[i].GetProperty("reason").GetString());
            Assert.False(string.IsNullOrWhiteSpace(results[i].GetProperty("message").GetString()));
        }
        Assert.Equal(TapStatusCodes.Accepted, results[^1].GetProperty("status").GetString());
        await host.ShelterWhen("bad", s => s.Occupancy == 1);
    }

    [Fact]
    public async Task Admin_requests_are_validated()
    {
        static async Task<string?> Reason(HttpResponseMessage r) => (await r.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("reason").GetString();

        var noToken = await host.Send(HttpMethod.Post, "/api/v1/shelters", null, new OpenShelterRequest("x", "x", 1, "m", null));
        Assert.Equal(HttpStatusCode.Unauthorized, noToken.StatusCode);
        var badId = await host.Send(HttpMethod.Post, "/api/v1/shelters", HostFixture.AdminToken, new OpenShelterRequest("bad id!", "x", 1, "m", null));
        Assert.Equal("invalid-id", await Reason(badId));
        var badCapacity = await host.Send(HttpMethod.Post, "/api/v1/shelters", HostFixture.AdminToken, new OpenShelterRequest("cap", "x", 0, "m", null));
        Assert.Equal("invalid-capacity", await Reason(badCapacity));
        var badZone = await host.Send(HttpMethod.Post, "/api/v1/shelters", HostFixture.AdminToken, new OpenShelterRequest("tz", "x", 5, "m", "Mars/Olympus"));
        Assert.Equal("invalid-time-zone", await Reason(badZone));
        var conflict = await host.Send(HttpMethod.Post, "/api/v1/shelters", HostFixture.AdminToken, new OpenShelterRequest("bad", "another name", 5, "testcity", null));
        Assert.Equal(HttpStatusCode.Conflict, conflict.StatusCode);
        var unknownShelter = await host.Send(HttpMethod.Post, "/api/v1/shelters/nowhere/readers", HostFixture.AdminToken, new RegisterReaderRequest("r-x"));
        Assert.Equal(HttpStatusCode.NotFound, unknownShelter.StatusCode);
        var elsewhere = await host.Send(HttpMethod.Post, "/api/v1/shelters/other/readers", HostFixture.AdminToken, new RegisterReaderRequest("bad-reader"));
        Assert.Equal(HttpStatusCode.Conflict, elsewhere.StatusCode);
        var viewerCannotOpen = await host.Send(HttpMethod.Post, "/api/v1/shelters", host.ViewerToken, new OpenShelterRequest("v", "v", 1, "m", null));
        Assert.Equal(HttpStatusCode.Forbidden, viewerCannotOpen.StatusCode);
        var readerCannotRead = await host.Send(HttpMethod.Get, "/api/v1/shelters/bad", _token);
        Assert.Equal(HttpStatusCode.Forbidden, readerCannotRead.StatusCode);
        var unknown = await host.Send(HttpMethod.Get, "/api/v1/shelters/nowhere", host.ViewerToken);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
    }

    private static JsonNode With(JsonObject tap, string field, string value)
    {
        tap[field] = value;
        return tap;
    }

    private static JsonNode WithCredential(JsonObject tap, string field, string value)
    {
        tap["credential"]![field] = value;
        return tap;
    }

    [Theory]
    [InlineData("POST", "/api/v1/shelters", "application/json", "{\"id\":", HttpStatusCode.BadRequest, "malformed-request")]
    [InlineData("POST", "/api/v1/shelters", "application/json", "{\"id\":5}", HttpStatusCode.BadRequest, "malformed-request")]
    [InlineData("POST", "/api/v1/shelters", "text/plain", "x", HttpStatusCode.UnsupportedMediaType, "unsupported-media-type")]
    [InlineData("GET", "/api/v1/nothing-here", null, null, HttpStatusCode.NotFound, "not-found")]
    [InlineData("DELETE", "/api/v1/taps", null, null, HttpStatusCode.MethodNotAllowed, "method-not-allowed")]
    public async Task Errors_the_framework_raises_carry_a_reason_and_a_sentence_too(string method, string path, string? contentType, string? body,
        HttpStatusCode status, string reason)
    {
        using var request = new HttpRequestMessage(new HttpMethod(method), path);
        request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", HostFixture.AdminToken);
        if (body is not null)
        {
            request.Content = new StringContent(body, System.Text.Encoding.UTF8, contentType!);
        }
        var response = await host.Http.SendAsync(request);
        Assert.Equal(status, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal(reason, problem.RootElement.GetProperty("reason").GetString());
        Assert.False(string.IsNullOrWhiteSpace(problem.RootElement.GetProperty("detail").GetString()));
    }
}
