using System.Globalization;
using System.Text;
using CsvHelper;

namespace Shelter.Host.Reports;

/// <summary>
/// Reports as CSV for the spreadsheets and systems municipal offices use: Japanese headers, UTF-8 with a BOM (which
/// Excel needs to read it as UTF-8) or Shift_JIS, CRLF line ends, times in ISO 8601 with the shelter's offset.
/// </summary>
public static class ReportCsv
{
    public const string Utf8 = "utf-8";
    public const string ShiftJis = "shift_jis";

    static ReportCsv() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

    public static bool IsEncoding(string? name) => name is null or Utf8 or ShiftJis;

    public static byte[] Status(ShelterStatusReport report, string? encoding) => Write(encoding,
        ["避難所ID", "避難所名", "市区町村コード", "住所", "緯度", "経度", "種別", "開設状況", "開設・閉鎖日時", "収容人数", "混雑状況",
         "避難人数", "避難人数（自主避難）", "避難世帯数", "避難世帯数（自主避難）", "確認日時"],
        report.Shelters.Select(r => new object?[]
        {
            r.Id, r.Name, r.Municipality, r.Address, r.Latitude, r.Longitude, r.Type, r.Sort, Time(r.SortChangedAt), r.Capacity, r.Status,
            r.HeadCount, r.HeadCountVoluntary, r.Households, r.HouseholdsVoluntary, Time(r.CheckedAt),
        }));

    public static byte[] Daily(IEnumerable<DailyReportRow> rows, string? encoding) => Write(encoding,
        ["日付", "避難所ID", "避難所名", "市区町村コード", "開設状況", "避難者数", "世帯数", "入所", "退所", "朝食", "昼食", "夕食", "要配慮者", "不足物資"],
        rows.Select(r => new object?[]
        {
            r.Date, r.ShelterId, r.ShelterName, r.Municipality, r.Status, r.HeadCount, r.Households, r.Arrivals, r.Departures, r.Breakfast, r.Lunch,
            r.Dinner, r.SpecialNeeds, string.Join("、", r.Shortages),
        }));

    private static byte[] Write(string? encoding, string[] header, IEnumerable<object?[]> rows)
    {
        var text = new StringWriter(CultureInfo.InvariantCulture) { NewLine = "\r\n" };
        using (var csv = new CsvWriter(text, CultureInfo.InvariantCulture))
        {
            foreach (var column in header)
            {
                csv.WriteField(column);
            }
            csv.NextRecord();
            foreach (var row in rows)
            {
                foreach (var field in row)
                {
                    csv.WriteField(field switch
                    {
                        null => "",
                        double d => d.ToString("0.######", CultureInfo.InvariantCulture),
                        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
                        var other => other.ToString(),
                    });
                }
                csv.NextRecord();
            }
        }
        return encoding == ShiftJis
            ? Encoding.GetEncoding(932).GetBytes(text.ToString())
            : [.. Encoding.UTF8.GetPreamble(), .. Encoding.UTF8.GetBytes(text.ToString())];
    }

    private static string? Time(DateTimeOffset? at) => at?.ToOffset(TimeSpan.FromHours(9)).ToString("yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture);
}
