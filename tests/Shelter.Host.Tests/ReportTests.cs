using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Shelter.Host.Api;
using Shelter.Registry.Tests;

namespace Shelter.Host.Tests;

/// <summary>The status report in L-Alert's 避難所情報 shape and the daily report, from a registry, taps and acts, checked field by field.</summary>
public class ReportTests(HostFixture host) : IClassFixture<HostFixture>
{
    /// <summary>The research notes' L-Alert field list (japan-practice.md §2), as the report's JSON names them.</summary>
    private static readonly string[] RowFields =
    [
        "id", "name", "municipality", "address", "latitude", "longitude", // Location
        "type", "sort", "sortChangedAt", "capacity", "status", // Type, Sort + DateTime, Capacity, Status
        "headCount", "headCountVoluntary", "households", "householdsVoluntary", "checkedAt", // NumberOf, CheckedDateTime
    ];

    private static readonly string[] TotalFields = ["totalNumberOfShelter", "headCount", "headCountVoluntary", "households", "householdsVoluntary"];

    private static readonly string[] CsvHeader =
    [
        "避難所ID", "避難所名", "市区町村コード", "住所", "緯度", "経度", "種別", "開設状況", "開設・閉鎖日時", "収容人数", "混雑状況",
        "避難人数", "避難人数（自主避難）", "避難世帯数", "避難世帯数（自主避難）", "確認日時",
    ];

    /// <summary>One preparation per node, however many of this class's tests run on it.</summary>
    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<HostFixture, Task> Prepared = [];

    private Task Prepare() => Prepared.GetValue(host, _ => PrepareOnce());

    private async Task PrepareOnce()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/registry/imports")
        {
            Content = new ByteArrayContent(RegistryFiles.Bytes(RegistryFiles.GsiShelters)) { Headers = { ContentType = new MediaTypeHeaderValue("text/csv") } },
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", HostFixture.AdminToken);
        Assert.True((await host.Http.SendAsync(request)).IsSuccessStatusCode);
        async Task Act(string path, object body) => Assert.True((await host.Send(HttpMethod.Post, path, HostFixture.AdminToken, body)).IsSuccessStatusCode, path);
        await Act("/api/v1/places/1413010001/open", new OpenPlaceRequest(Capacity: 10));
        await Act("/api/v1/places/1413010002/open", new OpenPlaceRequest());
        await Act("/api/v1/places/1413010004/open", new OpenPlaceRequest(At: DateTimeOffset.UtcNow.AddHours(-3)));
        await Act("/api/v1/places/1413010004/close", new ClosePlaceRequest());
        var reader = await host.OpenWithReader("kawasaki-temp", "temp-door", municipality: "141305", capacity: 50);
        var register = await host.Send(HttpMethod.Post, "/api/v1/shelters/1413010001/readers", HostFixture.AdminToken, new RegisterReaderRequest("miyamae-door"));
        var school = (await register.Content.ReadFromJsonAsync<Protocol.ReaderRegistrationResponse>(HostFixture.Json))!.Token;
        for (var i = 0; i < 9; i++)
        {
            using var card = host.Ca.Issue();
            Assert.Equal("accepted", Assert.Single(await host.PostTaps(school, host.Tap(card, "miyamae-door", "1413010001", "check-in"))).Status);
            if (i < 4)
            {
                Assert.Equal("accepted", Assert.Single(await host.PostTaps(school, host.Tap(card, "miyamae-door", "1413010001", "meal"))).Status);
            }
        }
        using var visitor = host.Ca.Issue();
        await host.PostTaps(reader, host.Tap(visitor, "temp-door", "kawasaki-temp", "check-in"));
    }

    private async Task<JsonElement> ReportWhen(Func<JsonElement, bool> ready)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            var report = await (await host.Send(HttpMethod.Get, "/api/v1/reports/shelter-status?municipality=141305", host.ViewerToken)).Content.ReadFromJsonAsync<JsonElement>();
            if (ready(report) || DateTime.UtcNow > deadline)
            {
                return report;
            }
            await Task.Delay(100);
        }
    }

    [Fact]
    public async Task The_status_report_has_every_L_Alert_field_and_the_right_words_for_each_shelter()
    {
        await Prepare();

        var report = await ReportWhen(r => r.GetProperty("totals").GetProperty("headCount").GetInt32() == 10);

        Assert.True(report.GetProperty("provisional").GetBoolean());
        Assert.Contains("L-Alert", report.GetProperty("schema").GetString(), StringComparison.Ordinal);
        Assert.Equal(TotalFields, report.GetProperty("totals").EnumerateObject().Select(p => p.Name));
        var totals = report.GetProperty("totals");
        Assert.Equal((3, 10), (totals.GetProperty("totalNumberOfShelter").GetInt32(), totals.GetProperty("headCount").GetInt32()));
        Assert.Equal(JsonValueKind.Null, totals.GetProperty("households").ValueKind);
        var rows = report.GetProperty("shelters").EnumerateArray().ToDictionary(r => r.GetProperty("id").GetString()!);
        Assert.All(rows.Values, r => Assert.Equal(RowFields, r.EnumerateObject().Select(p => p.Name)));
        string Words(string id) => string.Join('/', new[] { "type", "sort", "status" }.Select(f => rows[id].GetProperty(f).ValueKind == JsonValueKind.Null ? "-" : rows[id].GetProperty(f).GetString()));

        Assert.Equal("避難所/開設/混雑", Words("1413010001")); // 9 of 10: from 80 %
        Assert.Equal((10, 9), (rows["1413010001"].GetProperty("capacity").GetInt32(), rows["1413010001"].GetProperty("headCount").GetInt32()));
        Assert.Equal("避難所/開設/不明", Words("1413010002")); // capacity unknown
        Assert.Equal("福祉避難所/未開設/-", Words("1413010003"));
        Assert.Equal(JsonValueKind.Null, rows["1413010003"].GetProperty("headCount").ValueKind);
        Assert.Equal("避難所/閉鎖/-", Words("1413010004"));
        Assert.NotEqual(JsonValueKind.Null, rows["1413010004"].GetProperty("sortChangedAt").ValueKind);
        Assert.Equal("臨時避難所/開設/空き", Words("kawasaki-temp"));
        Assert.Equal("神奈川県川崎市宮前区宮前平１－１－１", rows["1413010001"].GetProperty("address").GetString());
        Assert.Equal(35.5846, rows["1413010001"].GetProperty("latitude").GetDouble());

        var csv = await host.Send(HttpMethod.Get, "/api/v1/reports/shelter-status?municipality=141305&format=csv&encoding=shift_jis", host.ViewerToken);
        Assert.Equal("text/csv; charset=shift_jis", csv.Content.Headers.ContentType!.ToString());
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        var lines = Encoding.GetEncoding(932).GetString(await csv.Content.ReadAsByteArrayAsync()).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(string.Join(',', CsvHeader), lines[0]);
        Assert.Equal(rows.Count + 1, lines.Length);
        var school = lines.Single(l => l.StartsWith("1413010001,", StringComparison.Ordinal)).Split(',');
        Assert.Equal(["1413010001", "川崎市立宮前小学校", "141305"], school[..3]);
        Assert.Equal(["避難所", "開設"], school[6..8]);
        Assert.Equal(["10", "混雑", "9", "", "", ""], school[9..15]);
    }

    [Fact]
    public async Task The_daily_report_counts_arrivals_meals_and_head_count_per_shelter()
    {
        await Prepare();
        await ReportWhen(r => r.GetProperty("totals").GetProperty("headCount").GetInt32() == 10);

        var rows = await (await host.Send(HttpMethod.Get, "/api/v1/reports/daily?municipality=141305", host.ViewerToken)).Content.ReadFromJsonAsync<JsonElement>();
        var school = rows.EnumerateArray().Single(r => r.GetProperty("shelterId").GetString() == "1413010001");
        var meals = new[] { "breakfast", "lunch", "dinner" }.Sum(p => school.GetProperty(p).GetInt32());

        Assert.Equal((9, 9, 0, 4), (school.GetProperty("headCount").GetInt32(), school.GetProperty("arrivals").GetInt32(), school.GetProperty("departures").GetInt32(), meals));
        Assert.Equal(JsonValueKind.Null, school.GetProperty("households").ValueKind);
        var csv = await host.Send(HttpMethod.Get, "/api/v1/reports/daily?shelter=1413010001&format=csv", host.ViewerToken);
        var bytes = await csv.Content.ReadAsByteArrayAsync();
        Assert.Equal([0xEF, 0xBB, 0xBF], bytes[..3]);
        var lines = Encoding.UTF8.GetString(bytes[3..]).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("日付,避難所ID,避難所名,市区町村コード,開設状況,避難者数,世帯数,入所,退所,朝食,昼食,夕食,要配慮者,不足物資", lines[0]);
        Assert.Contains(",1413010001,川崎市立宮前小学校,141305,開設,9,,9,0,", lines[1], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Reports_refuse_what_they_cannot_answer_and_keep_to_the_token_scope()
    {
        var other = await host.Issue("viewer", "別の市", municipality: "131016");
        async Task<(HttpStatusCode, string?)> Get(string path, string token)
        {
            var response = await host.Send(HttpMethod.Get, path, token);
            var body = await response.Content.ReadAsStringAsync();
            return (response.StatusCode, body.Length > 0 && body[0] == '{' ? JsonDocument.Parse(body).RootElement.GetProperty("reason").GetString() : null);
        }

        Assert.Equal((HttpStatusCode.Forbidden, "out-of-scope"), await Get("/api/v1/reports/shelter-status?municipality=141305", other));
        Assert.Equal((HttpStatusCode.BadRequest, "municipality-required"), await Get("/api/v1/reports/shelter-status", other));
        Assert.Equal((HttpStatusCode.BadRequest, "invalid-format"), await Get("/api/v1/reports/shelter-status?municipality=131016&format=xml", other));
        Assert.Equal((HttpStatusCode.BadRequest, "invalid-encoding"), await Get("/api/v1/reports/shelter-status?municipality=131016&format=csv&encoding=euc-jp", other));
        Assert.Equal((HttpStatusCode.BadRequest, "shelter-or-municipality"), await Get("/api/v1/reports/daily", host.ViewerToken));
        Assert.Equal((HttpStatusCode.BadRequest, "invalid-date"), await Get("/api/v1/reports/daily?municipality=131016&date=1-2-3", other));
        Assert.Equal((HttpStatusCode.NotFound, "no-figures"), await Get("/api/v1/reports/daily?municipality=131016", other));
    }
}
