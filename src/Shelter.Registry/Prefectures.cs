namespace Shelter.Registry;

/// <summary>The 47 prefectures in JIS X 0401 order, so that a name's position is its two-digit code less one.</summary>
public static class Prefectures
{
    public static readonly IReadOnlyList<string> Names =
    [
        "北海道", "青森県", "岩手県", "宮城県", "秋田県", "山形県", "福島県", "茨城県", "栃木県", "群馬県", "埼玉県", "千葉県", "東京都", "神奈川県",
        "新潟県", "富山県", "石川県", "福井県", "山梨県", "長野県", "岐阜県", "静岡県", "愛知県", "三重県", "滋賀県", "京都府", "大阪府", "兵庫県",
        "奈良県", "和歌山県", "鳥取県", "島根県", "岡山県", "広島県", "山口県", "徳島県", "香川県", "愛媛県", "高知県", "福岡県", "佐賀県", "長崎県",
        "熊本県", "大分県", "宮崎県", "鹿児島県", "沖縄県",
    ];

    /// <summary>The two-digit code of the prefecture a text (an address, a municipality's name) begins with, if it begins with one.</summary>
    public static string? CodeAtStartOf(string text)
    {
        var trimmed = text.TrimStart();
        for (var i = 0; i < Names.Count; i++)
        {
            if (trimmed.StartsWith(Names[i], StringComparison.Ordinal))
            {
                return (i + 1).ToString("00", System.Globalization.CultureInfo.InvariantCulture);
            }
        }
        return null;
    }
}
