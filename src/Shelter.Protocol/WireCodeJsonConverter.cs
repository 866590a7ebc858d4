using System.Text.Json;
using System.Text.Json.Serialization;

namespace Shelter.Protocol;

/// <summary>Writes and reads enums by their <see cref="WireCodeAttribute"/> codes; an enum without codes is refused, not guessed.</summary>
public sealed class WireCodeJsonConverter : JsonConverterFactory
{
    public override bool CanConvert(Type typeToConvert) => typeToConvert.IsEnum;

    public override JsonConverter CreateConverter(Type typeToConvert, JsonSerializerOptions options) =>
        WireCodes.IsCoded(typeToConvert)
            ? (JsonConverter)Activator.CreateInstance(typeof(Converter<>).MakeGenericType(typeToConvert))!
            : throw new NotSupportedException($"{typeToConvert.FullName} has no wire codes: give each member a [WireCode]");

    private sealed class Converter<TEnum> : JsonConverter<TEnum>
        where TEnum : struct, Enum
    {
        public override TEnum Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            reader.TokenType == JsonTokenType.String && WireCodes.TryParse<TEnum>(reader.GetString(), out var value)
                ? value
                : throw new JsonException($"not a {typeof(TEnum).Name} code: {(reader.TokenType == JsonTokenType.String ? reader.GetString() : reader.TokenType.ToString())}");

        public override void Write(Utf8JsonWriter writer, TEnum value, JsonSerializerOptions options) => writer.WriteStringValue(value.Code());
    }
}
