using System.Collections.Frozen;
using System.Reflection;

namespace Shelter.Protocol;

/// <summary>Codes of enums whose every member carries a <see cref="WireCodeAttribute"/>.</summary>
public static class WireCodes
{
    public static string Code<TEnum>(this TEnum value)
        where TEnum : struct, Enum =>
        Table<TEnum>.Codes.TryGetValue(value, out var code) ? code : throw new ArgumentOutOfRangeException(nameof(value), value, null);

    public static bool TryParse<TEnum>(string? code, out TEnum value)
        where TEnum : struct, Enum
    {
        if (code is not null && Table<TEnum>.Values.TryGetValue(code, out value))
        {
            return true;
        }
        value = default;
        return false;
    }

    /// <summary>Every code of <typeparamref name="TEnum"/>, in declaration order.</summary>
    public static IReadOnlyList<string> All<TEnum>()
        where TEnum : struct, Enum => Table<TEnum>.InOrder;

    /// <summary>Whether <paramref name="type"/> is an enum written by code.</summary>
    public static bool IsCoded(Type type) => type.IsEnum && type.GetFields(BindingFlags.Public | BindingFlags.Static).All(f => f.IsDefined(typeof(WireCodeAttribute)));

    private static class Table<TEnum>
        where TEnum : struct, Enum
    {
        public static readonly FrozenDictionary<TEnum, string> Codes = Read();

        public static readonly FrozenDictionary<string, TEnum> Values = Codes.ToFrozenDictionary(kv => kv.Value, kv => kv.Key, StringComparer.Ordinal);

        public static readonly string[] InOrder = [.. Enum.GetValues<TEnum>().Select(v => Codes[v])];

        private static FrozenDictionary<TEnum, string> Read()
        {
            var codes = new Dictionary<TEnum, string>();
            foreach (var field in typeof(TEnum).GetFields(BindingFlags.Public | BindingFlags.Static))
            {
                var attribute = field.GetCustomAttribute<WireCodeAttribute>()
                    ?? throw new InvalidOperationException($"{typeof(TEnum).Name}.{field.Name} has no [WireCode]: every member of a coded enum needs one");
                codes.Add((TEnum)field.GetValue(null)!, attribute.Code);
            }
            if (codes.Values.Distinct(StringComparer.Ordinal).Count() != codes.Count)
            {
                throw new InvalidOperationException($"{typeof(TEnum).Name} gives one wire code to two members");
            }
            return codes.ToFrozenDictionary();
        }
    }
}
