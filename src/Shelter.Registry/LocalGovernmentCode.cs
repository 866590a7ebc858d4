namespace Shelter.Registry;

/// <summary>
/// The 全国地方公共団体コード (JIS X 0402): five digits and a check digit. Published files drop the leading zero and the
/// check digit often enough that a reader must repair them rather than refuse them.
/// </summary>
public static class LocalGovernmentCode
{
    /// <summary>The check digit of a five-digit code: the last digit of 11 less the weighted sum (6,5,4,3,2) modulo 11.</summary>
    public static int CheckDigit(ReadOnlySpan<char> fiveDigits)
    {
        var sum = 0;
        for (var i = 0; i < 5; i++)
        {
            sum += (fiveDigits[i] - '0') * (6 - i);
        }
        return (11 - (sum % 11)) % 10;
    }

    /// <summary>
    /// The six-digit code from what a file holds: six digits with a right check digit; five digits that are a six-digit
    /// code missing its leading zero (when that check digit is right, which prefers prefectures 01–09 where both readings
    /// are possible), or else a code without its check digit; four
    /// digits, a code without its leading zero and check digit. Anything else, a wrong check digit, or a prefecture outside 01–47 is not repairable.
    /// </summary>
    public static bool TryRepair(string? text, out string code) => TryRepair(text, prefecture: null, out code);

    /// <summary>
    /// As <see cref="TryRepair(string?, out string)"/>, with the two-digit code of the prefecture the row names (from its
    /// address or municipality): of the readings, the one in that prefecture, and none when no reading is.
    /// </summary>
    public static bool TryRepair(string? text, string? prefecture, out string code)
    {
        code = "";
        var digits = text?.Trim() ?? "";
        if (digits.Length is < 4 or > 6 || !digits.All(char.IsAsciiDigit))
        {
            return false;
        }
        var readings = new List<string>();
        if (digits.Length == 6 && IsComplete(digits))
        {
            readings.Add(digits);
        }
        if (digits.Length == 5 && IsComplete("0" + digits))
        {
            readings.Add("0" + digits);
        }
        if (digits.Length < 6 && TryComplete(digits.PadLeft(5, '0'), out var completed))
        {
            readings.Add(completed);
        }
        code = readings.FirstOrDefault(r => prefecture is null || r.StartsWith(prefecture, StringComparison.Ordinal)) ?? "";
        return code.Length == 6;
    }

    /// <summary>The six-digit code of a five-digit one, its check digit added.</summary>
    public static bool TryComplete(string five, out string code)
    {
        code = five.Length == 5 && five.All(char.IsAsciiDigit) ? five + CheckDigit(five) : "";
        return code.Length == 6 && IsPrefecture(five);
    }

    private static bool IsComplete(string six) => CheckDigit(six) == six[5] - '0' && IsPrefecture(six);

    private static bool IsPrefecture(string code) => int.Parse(code[..2], System.Globalization.CultureInfo.InvariantCulture) is >= 1 and <= 47;
}
