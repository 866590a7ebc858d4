using System.Globalization;
using System.Text;
using CsvHelper;
using CsvHelper.Configuration;
using Shelter.Domain;

namespace Shelter.Registry;

/// <summary>What a registry file held: its layout and encoding, the rows read, and every row that could not be read.</summary>
public sealed record RegistryReading(RegistryLayout Layout, string Encoding, IReadOnlyList<RegistryRow> Rows, IReadOnlyList<RowProblem> Problems);

/// <summary>A file the registry cannot read at all (no known layout, not text, too large), with a reason code.</summary>
public sealed class RegistryFileException(string reason, string message) : Exception(message)
{
    public string Reason { get; } = reason;
}

/// <summary>
/// Reads a GSI or 自治体標準オープンデータセット file. UTF-8 (with or without a BOM) and Shift_JIS are told apart by whether
/// the bytes are valid UTF-8. <paramref name="municipality"/>, when given, is the six-digit code every row belongs to.
/// </summary>
public static class RegistryFile
{
    public const int MaxRows = 200_000;
    public const int MaxNameLength = 200;

    private static readonly Encoding StrictUtf8 = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    static RegistryFile() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

    public static RegistryReading Read(ReadOnlySpan<byte> bytes, string? municipality = null)
    {
        var (text, encoding) = Decode(bytes);
        using var reader = new StringReader(text);
        var problems = new List<RowProblem>();
        var badLines = new HashSet<int>();
        var config = new CsvConfiguration(CultureInfo.InvariantCulture)
        {
            BadDataFound = args => badLines.Add(args.Context.Parser?.RawRow ?? 0),
            TrimOptions = TrimOptions.Trim,
            DetectColumnCountChanges = false,
        };
        using var parser = new CsvParser(reader, config);
        if (!parser.Read())
        {
            throw new RegistryFileException("empty-file", "The file has no header row.");
        }
        var header = parser.Record!.Select(RegistryLayout.Normalize).ToArray();
        var layout = RegistryLayout.Detect(header, out var nearest, out var missing)
            ?? throw new RegistryFileException("unknown-layout",
                $"The columns match no known layout; the nearest, {nearest.Description}, lacks {string.Join(", ", missing)}.");
        var columns = header.Select((name, index) => (name, index)).GroupBy(c => c.name).ToDictionary(g => g.Key, g => g.First().index, StringComparer.Ordinal);
        var rows = new List<RegistryRow>();
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        while (parser.Read())
        {
            var line = parser.RawRow;
            var record = parser.Record!;
            if (record.All(string.IsNullOrWhiteSpace))
            {
                continue;
            }
            if (rows.Count + problems.Count >= MaxRows)
            {
                throw new RegistryFileException("too-many-rows", $"The file has more than {MaxRows:N0} rows; split it by prefecture.");
            }
            if (badLines.Remove(line))
            {
                problems.Add(new RowProblem(line, "bad-quoting", "A quote mark inside a field is not doubled; the row cannot be read."));
                continue;
            }
            if (record.Length != header.Length)
            {
                problems.Add(new RowProblem(line, "wrong-field-count", $"The row has {record.Length} fields; the header has {header.Length}."));
                continue;
            }
            var row = new Row(record, columns, line);
            var (result, problem) = layout.IsGsi ? ReadGsi(layout, row, municipality) : ReadOdf(layout, row, municipality);
            if (problem is not null)
            {
                problems.Add(problem);
            }
            else if (seen.TryGetValue(result!.ExternalId, out var first))
            {
                problems.Add(new RowProblem(line, "duplicate-id", $"ID {result.ExternalId} is already on line {first}."));
            }
            else
            {
                seen[result.ExternalId] = line;
                rows.Add(result);
            }
        }
        return new RegistryReading(layout, encoding, rows, problems);
    }

    private static (string Text, string Encoding) Decode(ReadOnlySpan<byte> bytes)
    {
        if (bytes.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]))
        {
            bytes = bytes[3..];
        }
        try
        {
            return (StrictUtf8.GetString(bytes), "utf-8");
        }
        catch (DecoderFallbackException)
        {
        }
        try
        {
            var shiftJis = Encoding.GetEncoding(932, EncoderFallback.ExceptionFallback, DecoderFallback.ExceptionFallback);
            return (shiftJis.GetString(bytes), "shift_jis");
        }
        catch (DecoderFallbackException)
        {
            throw new RegistryFileException("not-text", "The file is neither UTF-8 nor Shift_JIS text.");
        }
    }

    private static (RegistryRow?, RowProblem?) ReadGsi(RegistryLayout layout, Row row, string? municipality)
    {
        var id = row[RegistryLayout.GsiId];
        if (id.Length == 0)
        {
            return row.Problem("missing-id", "共通ID is empty.");
        }
        string code;
        if (municipality is not null)
        {
            code = municipality;
        }
        else if (!TryCodeOfGsiId(id, out code))
        {
            return row.Problem("no-municipality-code", $"共通ID {id} does not begin with a local-government code; import the file for one municipality (give its code).");
        }
        var sameAddress = layout.Kind == PlaceKind.EmergencySite ? RegistryLayout.GsiSameAsShelter : RegistryLayout.GsiSameAsSite;
        return Complete(layout, row, id, code, row[RegistryLayout.GsiMunicipality], row[RegistryLayout.GsiName], row[RegistryLayout.GsiAddress],
            capacityColumn: null, sameAddress, welfare: row[RegistryLayout.GsiAccepts].Contains("要配慮者", StringComparison.Ordinal) ? "1" : "",
            hazardColumns: layout.Kind == PlaceKind.EmergencySite ? Hazards.All.Select(h => h.Gsi) : []);
    }

    private static (RegistryRow?, RowProblem?) ReadOdf(RegistryLayout layout, Row row, string? municipality)
    {
        var localId = row[RegistryLayout.OdfId];
        if (localId.Length == 0)
        {
            return row.Problem("missing-id", "ID is empty.");
        }
        var written = row[RegistryLayout.OdfCode];
        var name = row[RegistryLayout.OdfMunicipalityName] is { Length: > 0 } given ? given : row[RegistryLayout.OdfPrefecture] + row[RegistryLayout.OdfCity];
        var prefecture = Prefectures.CodeAtStartOf(name) ?? Prefectures.CodeAtStartOf(row[RegistryLayout.OdfAddress]);
        if (!LocalGovernmentCode.TryRepair(written, prefecture, out var code))
        {
            return row.Problem("bad-municipality-code", prefecture is null
                ? $"全国地方公共団体コード '{written}' is not a local-government code, even with a leading zero or a check digit added."
                : $"全国地方公共団体コード '{written}' is no code of {Prefectures.Names[int.Parse(prefecture, CultureInfo.InvariantCulture) - 1]}, where the row's address is, even with a leading zero or a check digit added.");
        }
        if (municipality is not null && code != municipality)
        {
            return row.Problem("other-municipality", $"The row belongs to {code}, not to {municipality}, the municipality being imported.");
        }
        var sameAddress = layout.Kind == PlaceKind.EmergencySite ? RegistryLayout.OdfSameAsShelter : RegistryLayout.OdfSameAsSite;
        return Complete(layout, row, $"{code}-{localId}", code, name, row[RegistryLayout.OdfName], row[RegistryLayout.OdfAddress], RegistryLayout.OdfCapacity,
            sameAddress, row[RegistryLayout.OdfWelfare], layout.Kind == PlaceKind.EmergencySite ? Hazards.All.Select(h => h.Odf) : []);
    }

    private static (RegistryRow?, RowProblem?) Complete(RegistryLayout layout, Row row, string externalId, string code, string municipalityName, string name,
        string address, string? capacityColumn, string sameAddressColumn, string welfare, IEnumerable<string> hazardColumns)
    {
        if (name.Length == 0)
        {
            return row.Problem("missing-name", "The place has no name.");
        }
        if (name.Length > MaxNameLength)
        {
            return row.Problem("name-too-long", $"The name is longer than {MaxNameLength} characters.");
        }
        var (latitude, longitude) = (row[RegistryLayout.Latitude], row[RegistryLayout.Longitude]);
        double? lat = null, lon = null;
        if (latitude.Length > 0 || longitude.Length > 0)
        {
            if (!double.TryParse(latitude, NumberStyles.Float, CultureInfo.InvariantCulture, out var y) || !double.TryParse(longitude, NumberStyles.Float, CultureInfo.InvariantCulture, out var x))
            {
                return row.Problem("bad-coordinates", $"緯度 '{latitude}' and 経度 '{longitude}' must both be decimal degrees.");
            }
            if (!Location.IsInJapan(y, x))
            {
                return row.Problem("outside-japan", $"({y}, {x}) is not in Japan: latitude 20–46, longitude 122–154. Are 緯度 and 経度 swapped?");
            }
            (lat, lon) = (y, x);
        }
        int? capacity = null;
        if (capacityColumn is not null && row[capacityColumn] is { Length: > 0 } text)
        {
            if (!int.TryParse(text.Replace(",", "", StringComparison.Ordinal), NumberStyles.None, CultureInfo.InvariantCulture, out var n) || !ShelterInfo.IsValidCapacity(n))
            {
                return row.Problem("bad-capacity", $"想定収容人数 '{text}' must be a whole number from 1 to 1,000,000, or empty.");
            }
            capacity = n;
        }
        var hazards = new List<string>();
        foreach (var (column, hazard) in hazardColumns.Zip(Hazards.All.Select(h => h.Code)))
        {
            if (!TryFlag(row[column], out var set))
            {
                return row.Problem("bad-flag", $"{column} is '{row[column]}'; a flag is 1 or empty.");
            }
            if (set)
            {
                hazards.Add(hazard);
            }
        }
        if (!TryFlag(row[sameAddressColumn], out var sameAddress) || !TryFlag(welfare, out var isWelfare))
        {
            return row.Problem("bad-flag", $"{sameAddressColumn} is '{row[sameAddressColumn]}'; a flag is 1 or empty.");
        }
        return (new RegistryRow(row.Line, layout.Kind, externalId, code, municipalityName, name, address, lat, lon, capacity, sameAddress, isWelfare,
            hazards, row[RegistryLayout.Note]), null);
    }

    /// <summary>Flags are "1" or empty in both layouts; a few files write ○ or 0, which mean what they look like.</summary>
    private static bool TryFlag(string text, out bool set)
    {
        set = text is "1" or "○" or "◯";
        return set || text is "" or "0";
    }

    /// <summary>GSI's 共通ID begins with the five-digit local-government code (after a letter in some files): 14130… is Kawasaki, 141305.</summary>
    private static bool TryCodeOfGsiId(string id, out string code)
    {
        var digits = id.Length > 0 && char.IsAsciiLetter(id[0]) ? id[1..] : id;
        code = "";
        return digits.Length >= 5 && LocalGovernmentCode.TryComplete(digits[..5], out code);
    }

    private readonly struct Row(string[] record, IReadOnlyDictionary<string, int> columns, int line)
    {
        public int Line => line;

        public string this[string column] => columns.TryGetValue(column, out var i) ? record[i].Trim() : "";

        public (RegistryRow?, RowProblem?) Problem(string reason, string message) => (null, new RowProblem(line, reason, message));
    }
}
