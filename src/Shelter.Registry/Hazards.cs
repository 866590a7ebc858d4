namespace Shelter.Registry;

/// <summary>The eight hazards an emergency evacuation site (指定緊急避難場所) is designated for, in the GSI and ODF column order.</summary>
public static class Hazards
{
    /// <summary>Wire code, the GSI column, the ODF column.</summary>
    public static readonly IReadOnlyList<(string Code, string Gsi, string Odf)> All =
    [
        ("flood", "洪水", "災害種別_洪水"),
        ("landslide", "崖崩れ、土石流及び地滑り", "災害種別_崖崩れ、土石流及び地滑り"),
        ("storm-surge", "高潮", "災害種別_高潮"),
        ("earthquake", "地震", "災害種別_地震"),
        ("tsunami", "津波", "災害種別_津波"),
        ("large-fire", "大規模な火事", "災害種別_大規模な火事"),
        ("inland-flooding", "内水氾濫", "災害種別_内水氾濫"),
        ("volcano", "火山現象", "災害種別_火山現象"),
    ];
}
