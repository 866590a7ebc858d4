using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Akka.Actor;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Shelter.Host.Api;
using Shelter.Protocol;

namespace Shelter.Host.Tests;

/// <summary>Faults that are the client's or the cluster's, not the node's: each a 4xx or 503 with its reason, and no Error in the log.</summary>
public sealed class ClientFaultTests(HostFixture host) : IClassFixture<HostFixture>
{
    [Fact]
    public async Task An_actor_that_does_not_answer_in_time_is_503_unavailable_with_retry_after()
    {
        var services = new ServiceCollection().AddLogging().AddProblemDetails().BuildServiceProvider();
        var context = new DefaultHttpContext { RequestServices = services };
        context.Response.Body = new MemoryStream();
        var handled = await new ClientFaults(NullLogger<ClientFaults>.Instance).TryHandleAsync(context, new AskTimeoutException("no answer"), default);
        Assert.True(handled);
        Assert.Equal(StatusCodes.Status503ServiceUnavailable, context.Response.StatusCode);
        Assert.Equal(ClientFaults.RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture), context.Response.Headers.RetryAfter.ToString());
        context.Response.Body.Position = 0;
        Assert.Equal(RequestReasons.Unavailable, JsonDocument.Parse(context.Response.Body).RootElement.GetProperty("reason").GetString());
    }

    [Fact]
    public async Task A_body_trickled_below_the_minimum_rate_is_408_not_500()
    {
        var token = await host.OpenWithReader("trickle", "trickle-reader");
        // A raw socket: the headers and the start of a body, then nothing; HttpClient would give up writing before
        // reading the answer, so this reads what the node says once it stops waiting.
        using var client = new System.Net.Sockets.TcpClient();
        await client.ConnectAsync(host.Http.BaseAddress!.Host, host.Http.BaseAddress.Port);
        var stream = client.GetStream();
        var head = $"POST {ReaderProtocol.TapsPath} HTTP/1.1\r\nHost: {host.Http.BaseAddress.Authority}\r\nAuthorization: Bearer {token}\r\n"
            + "Content-Type: application/json\r\nContent-Length: 100000\r\n\r\n{\"taps\":[";
        await stream.WriteAsync(Encoding.ASCII.GetBytes(head));
        using var reader = new StreamReader(stream, Encoding.UTF8);
        var answer = await reader.ReadToEndAsync().WaitAsync(TimeSpan.FromSeconds(60));
        Assert.StartsWith("HTTP/1.1 408", answer, StringComparison.Ordinal);
        Assert.Contains($"\"reason\":\"{RequestReasons.RequestTimeout}\"", answer, StringComparison.Ordinal);
        Assert.DoesNotContain(host.Log.Warnings, line => line.StartsWith("Error", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Invalid_utf8_in_a_tap_is_that_tap_malformed_and_no_error_is_logged()
    {
        var token = await host.OpenWithReader("utf8", "utf8-reader");
        var body = Encoding.UTF8.GetBytes("{\"taps\":[{\"tapId\":\"").Concat(new byte[] { 0xC3, 0x28 }).Concat(Encoding.UTF8.GetBytes("\"}]}")).ToArray();
        using var request = new HttpRequestMessage(HttpMethod.Post, ReaderProtocol.TapsPath) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using var response = await host.Http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode is HttpStatusCode.OK or HttpStatusCode.BadRequest, text);
        Assert.Contains(response.StatusCode == HttpStatusCode.OK ? TapReasons.MalformedTap : RequestReasons.MalformedJson, text, StringComparison.Ordinal);
        Assert.DoesNotContain(host.Log.Warnings, line => line.StartsWith("Error", StringComparison.Ordinal));
    }
}
