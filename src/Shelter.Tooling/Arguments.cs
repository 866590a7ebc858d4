namespace Shelter.Tooling;

/// <summary>
/// Options of the form <c>--name value</c> (repeatable) and <c>--flag</c>. Small on purpose: the CLI has few
/// commands, and a dependency for parsing would be more to audit than this.
/// </summary>
public sealed class Arguments
{
    private readonly Dictionary<string, List<string>> _values = new(StringComparer.Ordinal);
    private readonly HashSet<string> _flags = new(StringComparer.Ordinal);
    private readonly HashSet<string> _used = new(StringComparer.Ordinal);

    public Arguments(IEnumerable<string> args, IReadOnlySet<string> flags)
    {
        using var e = args.GetEnumerator();
        while (e.MoveNext())
        {
            var name = e.Current;
            if (!name.StartsWith("--", StringComparison.Ordinal))
            {
                throw new UsageException($"unexpected argument '{name}'");
            }
            if (flags.Contains(name))
            {
                _flags.Add(name);
                continue;
            }
            if (!e.MoveNext())
            {
                throw new UsageException($"{name} needs a value");
            }
            if (!_values.TryGetValue(name, out var list))
            {
                _values[name] = list = [];
            }
            list.Add(e.Current);
        }
    }

    public bool Flag(string name)
    {
        _used.Add(name);
        return _flags.Contains(name);
    }

    public IReadOnlyList<string> All(string name)
    {
        _used.Add(name);
        return _values.TryGetValue(name, out var list) ? list : [];
    }

    public string? Optional(string name)
    {
        var values = All(name);
        return values.Count switch
        {
            0 => null,
            1 => values[0],
            _ => throw new UsageException($"{name} given {values.Count} times"),
        };
    }

    public string Required(string name) => Optional(name) ?? throw new UsageException($"{name} is required");

    public DateTimeOffset? Time(string name)
    {
        var text = Optional(name);
        if (text is null)
        {
            return null;
        }
        return DateTimeOffset.TryParse(text, System.Globalization.CultureInfo.InvariantCulture,
            System.Globalization.DateTimeStyles.AssumeUniversal | System.Globalization.DateTimeStyles.AdjustToUniversal, out var at)
            ? at
            : throw new UsageException($"{name} '{text}' is not an RFC 3339 time such as 2020-01-01T00:00:00Z");
    }

    public int Int(string name, int fallback, int min = 0, int max = int.MaxValue)
    {
        var text = Optional(name);
        if (text is null)
        {
            return fallback;
        }
        return int.TryParse(text, System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out var value) && value >= min && value <= max
            ? value
            : throw new UsageException($"{name} '{text}' must be a whole number from {min} to {max}");
    }

    public double Fraction(string name, double fallback)
    {
        var text = Optional(name);
        if (text is null)
        {
            return fallback;
        }
        return double.TryParse(text, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var value) && value is >= 0 and <= 1
            ? value
            : throw new UsageException($"{name} '{text}' must be a fraction from 0 to 1");
    }

    /// <summary>Call after reading every option: an unknown option is a typo the operator should hear about.</summary>
    public void RejectUnknown()
    {
        var unknown = _values.Keys.Concat(_flags).Where(k => !_used.Contains(k)).ToList();
        if (unknown.Count > 0)
        {
            throw new UsageException($"unknown option {string.Join(", ", unknown)}");
        }
    }

    public static byte[] ReadFile(string option, string path)
    {
        try
        {
            return File.ReadAllBytes(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new UsageException($"{option} {path}: {ex.Message}");
        }
    }
}
