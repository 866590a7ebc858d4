using System.Text;

namespace Shelter.Registry;

/// <summary>
/// The file layouts the registry reads, told apart by their column names (never by the file name: one publisher's file
/// suffixes were found swapped). Columns are matched after NFKC and trimming, so full-width brackets and stray spaces do not matter.
/// </summary>
public sealed record RegistryLayout(string Code, string Description, PlaceKind Kind, IReadOnlyList<string> Required)
{
    public const string GsiId = "共通ID";
    public const string GsiMunicipality = "都道府県名及び市町村名";
    public const string GsiName = "施設・場所名";
    public const string GsiAddress = "住所";
    public const string GsiSameAsShelter = "指定避難所との住所同一";
    public const string GsiSameAsSite = "指定緊急避難場所との住所同一";
    public const string GsiAccepts = "受入対象者";
    public const string Latitude = "緯度";
    public const string Longitude = "経度";
    public const string Note = "備考";
    public const string OdfCode = "全国地方公共団体コード";
    public const string OdfId = "ID";
    public const string OdfName = "名称";
    public const string OdfAddress = "所在地_連結表記";
    public const string OdfMunicipalityName = "地方公共団体名";
    public const string OdfPrefecture = "所在地_都道府県";
    public const string OdfCity = "所在地_市区町村";
    public const string OdfSameAsShelter = "指定避難所との重複";
    public const string OdfSameAsSite = "指定緊急避難場所との重複";
    public const string OdfCapacity = "想定収容人数";
    public const string OdfWelfare = "福祉避難所";

    public static readonly RegistryLayout GsiEmergencySites = new("gsi-emergency-sites", "GSI 指定緊急避難場所", PlaceKind.EmergencySite,
        [GsiId, GsiMunicipality, GsiName, GsiAddress, .. Hazards.All.Select(h => h.Gsi), GsiSameAsShelter, Latitude, Longitude]);

    public static readonly RegistryLayout GsiShelters = new("gsi-shelters", "GSI 指定避難所", PlaceKind.DesignatedShelter,
        [GsiId, GsiMunicipality, GsiName, GsiAddress, GsiSameAsSite, Latitude, Longitude]);

    public static readonly RegistryLayout OdfEmergencySites = new("odf-emergency-sites", "自治体標準オープンデータセット 指定緊急避難場所一覧", PlaceKind.EmergencySite,
        [OdfCode, OdfId, OdfName, OdfAddress, .. Hazards.All.Select(h => h.Odf), OdfSameAsShelter]);

    public static readonly RegistryLayout OdfShelters = new("odf-shelters", "自治体標準オープンデータセット様式の指定避難所一覧", PlaceKind.DesignatedShelter,
        [OdfCode, OdfId, OdfName, OdfAddress, OdfSameAsSite]);

    public static readonly IReadOnlyList<RegistryLayout> All = [GsiEmergencySites, GsiShelters, OdfEmergencySites, OdfShelters];

    public bool IsGsi => Code.StartsWith("gsi-", StringComparison.Ordinal);

    /// <summary>The layout whose required columns are all present, or null; <paramref name="nearest"/> is the one missing fewest.</summary>
    public static RegistryLayout? Detect(IReadOnlyCollection<string> columns, out RegistryLayout nearest, out IReadOnlyList<string> missing)
    {
        var have = columns.Select(Normalize).ToHashSet(StringComparer.Ordinal);
        var ranked = All.Select(l => (Layout: l, Missing: l.Required.Where(c => !have.Contains(Normalize(c))).ToList()))
            .OrderBy(r => r.Missing.Count).ThenByDescending(r => r.Layout.Required.Count).ToList();
        (nearest, missing) = (ranked[0].Layout, ranked[0].Missing);
        return missing.Count == 0 ? nearest : null;
    }

    public static string Normalize(string column) => column.Normalize(NormalizationForm.FormKC).Trim().Trim('\uFEFF');
}

public enum PlaceKind
{
    DesignatedShelter,
    EmergencySite,
}
