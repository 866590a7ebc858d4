using System.Collections.Frozen;
using System.Globalization;
using System.Text;

namespace Shelter.Privacy;

/// <summary>
/// The form of a name that search compares: NFKC (full-width letters, half-width kana), katakana folded to hiragana,
/// common variant kanji to their usual form (髙→高, 﨑→崎), Latin lower-cased, spaces and middle dots dropped. People
/// write their own names in more than one way; the desk must find them whichever way was typed.
/// </summary>
public static class NameFolding
{
    private static readonly FrozenDictionary<char, char> Variants = new Dictionary<char, char>
    {
        ['髙'] = '高',
        ['﨑'] = '崎',
        ['嵜'] = '崎',
        ['邉'] = '辺',
        ['邊'] = '辺',
        ['齋'] = '斎',
        ['齊'] = '斉',
        ['濵'] = '浜',
        ['濱'] = '浜',
        ['德'] = '徳',
        ['櫻'] = '桜',
        ['澤'] = '沢',
        ['廣'] = '広',
        ['國'] = '国',
        ['藏'] = '蔵',
        ['眞'] = '真',
        ['惠'] = '恵',
        ['榮'] = '栄',
        ['龍'] = '竜',
        ['冨'] = '富',
        ['籠'] = '篭',
        ['淵'] = '渕',
        ['槇'] = '槙',
        ['瀨'] = '瀬',
        ['曻'] = '昇',
        ['彌'] = '弥',
        ['條'] = '条',
        ['峯'] = '峰',
        ['嶋'] = '島',
        ['嶌'] = '島',
        ['舘'] = '館',
        ['萬'] = '万',
        ['實'] = '実',
        ['壽'] = '寿',
        ['學'] = '学',
        ['驒'] = '騨',
    }.ToFrozenDictionary();

    public static string Fold(string name)
    {
        var normal = name.Normalize(NormalizationForm.FormKC);
        var folded = new StringBuilder(normal.Length);
        foreach (var rune in normal.EnumerateRunes())
        {
            if (Rune.IsWhiteSpace(rune) || rune.Value is '・' or '･')
            {
                continue;
            }
            var value = rune.Value;
            if (value is >= 0x30A1 and <= 0x30F6)
            {
                value -= 0x60;
            }
            else if (value <= 0xFFFF && Variants.TryGetValue((char)value, out var usual))
            {
                value = usual;
            }
            folded.Append(Rune.ToLowerInvariant(new Rune(value)).ToString());
        }
        return folded.ToString();
    }

    /// <summary>Whether a typed name has anything left to search by once folded.</summary>
    public static bool IsSearchable(string name) => Fold(name).Length > 0;

    internal static string Date(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
