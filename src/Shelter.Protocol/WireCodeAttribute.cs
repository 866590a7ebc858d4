namespace Shelter.Protocol;

/// <summary>
/// The code an enum member is written as, on the wire and in the journal alike. The attribute is the one table of
/// codes: <see cref="WireCodes"/> reads it for the API, <see cref="WireCodeJsonConverter"/> for every JSON payload.
/// </summary>
[AttributeUsage(AttributeTargets.Field)]
public sealed class WireCodeAttribute(string code) : Attribute
{
    public string Code { get; } = code;
}
