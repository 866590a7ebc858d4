using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.Data.Sqlite;
using Shelter.Credentials.DevPki;
using Shelter.Protocol;
using Xunit.Abstractions;

namespace Shelter.Host.Tests;

/// <summary>Run alone, after the others: the bounds are on this process's managed memory, which other tests would move.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class FloodCollection
{
    public const string Name = "floods";
}

/// <summary>
/// What one token can make a node spend (invariant 8): floods from one reader token, with the bounds asserted and the
/// figures printed beside them. Memory is the host's managed heap after a full collection, before and after.
/// </summary>
[Collection(FloodCollection.Name)]
public sealed class FloodTests(HostFixture host, ITestOutputHelper output) : IClassFixture<HostFixture>
{
    private const int GarbageCertificates = 100_000;
    private const int UnknownReaderRequests = 100_000;
    private const int InventedIds = 10_000;

    private static long ManagedBytes()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        return GC.GetTotalMemory(forceFullCollection: true);
    }

    private long JournalRows()
    {
        using var connection = new SqliteConnection($"Data Source={host.DataDirectory}/shelter.db;Mode=ReadOnly");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT COUNT(*) FROM journal";
        return (long)command.ExecuteScalar()!;
    }

    private void Report(string what, long bytesBefore, long bytesAfter, double boundMb, long rowsBefore, long rowsAfter, long rowBound)
    {
        var grownMb = (bytesAfter - bytesBefore) / 1024.0 / 1024.0;
        output.WriteLine($"{what}: managed memory {bytesBefore / 1024.0 / 1024.0:0.0} -> {bytesAfter / 1024.0 / 1024.0:0.0} MB (+{grownMb:0.0} MB, bound {boundMb} MB); "
            + $"journal rows {rowsBefore} -> {rowsAfter} (+{rowsAfter - rowsBefore}, bound {rowBound})");
        Assert.True(grownMb < boundMb, $"{what}: managed memory grew {grownMb:0.0} MB, bound {boundMb} MB");
        Assert.True(rowsAfter - rowsBefore <= rowBound, $"{what}: journal grew {rowsAfter - rowsBefore} rows, bound {rowBound}");
    }

    private Task<HttpResponseMessage> Post(string token, Func<HttpContent> body) => Send(HttpMethod.Post, ReaderProtocol.TapsPath, token, body);

    /// <summary>Sends as a well-behaved client does: a 429 is waited out for its Retry-After, then sent again.</summary>
    private async Task<HttpResponseMessage> Send(HttpMethod method, string path, string token, Func<HttpContent>? body = null)
    {
        while (true)
        {
            using var request = new HttpRequestMessage(method, path) { Content = body?.Invoke() };
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
            var response = await host.Http.SendAsync(request);
            if (response.StatusCode != HttpStatusCode.TooManyRequests)
            {
                return response;
            }
            await Task.Delay(response.Headers.RetryAfter?.Delta ?? TimeSpan.FromSeconds(1));
            response.Dispose();
        }
    }

    [Fact]
    public async Task A_hundred_thousand_garbage_certificates_from_one_reader_cost_bounded_memory_and_no_journal_row()
    {
        var token = await host.OpenWithReader("flood-certs", "flood-certs-reader");
        // One well-formed certificate with a long name (the review's 7.7 KB ones kept 17-19 KB each); every copy differs
        // in its signature's last bytes, so each has its own fingerprint, parses, and is refused.
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var template = new CertificateRequest("CN=" + new string('x', 1500) + ",O=Garbage", key, HashAlgorithmName.SHA256)
            .CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddYears(1)).RawData;
        var shape = DevTaps.TemporaryCard("0000000000000001", "flood-certs-reader", "flood-certs", "check-in", DateTimeOffset.UtcNow);
        ReaderTap Garbage(int n)
        {
            var der = (byte[])template.Clone();
            BitConverter.GetBytes(n).CopyTo(der, der.Length - 4);
            return shape with
            {
                TapId = Guid.NewGuid().ToString(),
                Credential = new TapCredential("jpki-card", Convert.ToBase64String(der), Convert.ToBase64String(new byte[TapChallenge.NonceLength]),
                    Convert.ToBase64String(new byte[64])),
            };
        }
        const int perRequest = 500;
        var parsed = 0;
        async Task Flood(int from, int to)
        {
            for (var start = from; start < to; start += perRequest)
            {
                var batch = new TapBatch([.. Enumerable.Range(start, perRequest).Select(Garbage)]);
                using var response = await Post(token, () => JsonContent.Create(batch, options: ReaderProtocol.Json));
                Assert.Equal(HttpStatusCode.OK, response.StatusCode);
                // Refused for what the certificate says, so each one was parsed and its refusal remembered, not turned away before.
                var answers = (await response.Content.ReadFromJsonAsync<TapBatchAnswer>(ReaderProtocol.Json))!.Results;
                Assert.All(answers, a => Assert.Equal("wrong-key-usage", a.Reason));
                parsed += answers.Count();
            }
        }
        // The process's buffer pools (the test's client and the host share it) fill to what a 500-tap request needs
        // once; what the flood itself leaves behind is measured after that.
        await Flood(-10 * perRequest, 0);
        var bytes = ManagedBytes();
        var rows = JournalRows();
        await Flood(0, GarbageCertificates);
        Assert.Equal(GarbageCertificates + (10 * perRequest), parsed);
        Report($"{GarbageCertificates:N0} garbage certificates", bytes, ManagedBytes(), 120, rows, JournalRows(), 0);
    }

    [Fact]
    public async Task A_hundred_thousand_requests_with_unknown_reader_tokens_cost_bounded_memory_and_no_journal_row()
    {
        await host.OpenWithReader("flood-unknown", "flood-unknown-reader");
        var body = new TapBatch([DevTaps.TemporaryCard("0000000000000002", "nobody", "flood-unknown", "check-in", DateTimeOffset.UtcNow)]);
        var bytes = ManagedBytes();
        var rows = JournalRows();
        var next = -1;
        var unauthorized = 0;
        await Task.WhenAll(Enumerable.Range(0, 32).Select(async _ =>
        {
            while (Interlocked.Increment(ref next) < UnknownReaderRequests)
            {
                var invented = "srdr_" + RandomNumberGenerator.GetString("abcdefghijkmnpqrstuvwxyz23456789", 16) + "_" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32));
                using var response = await Post(invented, () => JsonContent.Create(body, options: ReaderProtocol.Json));
                if (response.StatusCode == HttpStatusCode.Unauthorized)
                {
                    Interlocked.Increment(ref unauthorized);
                }
            }
        }));
        Assert.Equal(UnknownReaderRequests, unauthorized);
        Report($"{UnknownReaderRequests:N0} unknown reader tokens", bytes, ManagedBytes(), 40, rows, JournalRows(), 0);
    }

    [Fact]
    public async Task Ten_thousand_invented_ids_in_queries_and_registrations_cost_bounded_memory_and_no_journal_row()
    {
        await host.OpenWithReader("flood-ids", "flood-ids-reader", municipality: "flood-city");
        var desk = await host.Issue("desk", "flood desk", shelterId: "flood-ids");
        var bytes = ManagedBytes();
        var rows = JournalRows();
        var next = -1;
        var refused = 0;
        await Task.WhenAll(Enumerable.Range(0, 16).Select(async _ =>
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < InventedIds)
            {
                var id = "made-up-" + i.ToString(System.Globalization.CultureInfo.InvariantCulture);
                var path = (i % 3) switch
                {
                    0 => $"/api/v1/shelters/{id}",
                    1 => $"/api/v1/municipalities/{id}",
                    _ => $"/api/v1/shelters/{id}/readers",
                };
                using var response = await Send(HttpMethod.Get, path, desk);
                if (response.StatusCode is HttpStatusCode.NotFound or HttpStatusCode.Forbidden)
                {
                    Interlocked.Increment(ref refused);
                }
            }
        }));
        Assert.Equal(InventedIds, refused);
        Report($"{InventedIds:N0} invented IDs", bytes, ManagedBytes(), 40, rows, JournalRows(), 0);
    }
}
