using System.ComponentModel.DataAnnotations;

namespace Shelter.Host.Options;

/// <summary>The <c>Shelter:Dashboard</c> configuration section.</summary>
public sealed class DashboardOptions : IValidatableObject
{
    public const string Section = "Shelter:Dashboard";

    /// <summary>How often viewers get an update (per scope, at most one message per interval).</summary>
    [Range(typeof(TimeSpan), "00:00:00.050", "00:01:00")]
    public TimeSpan UpdateInterval { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>
    /// A map tile server for deployments that are online, as an https URL template with <c>{z}</c>, <c>{x}</c> and
    /// <c>{y}</c> (Web Mercator, 256-pixel tiles). Unset by default: the map is drawn from the bundled outline alone and
    /// the page asks nothing of any other host.
    /// </summary>
    public string? TileUrl { get; set; }

    /// <summary>The credit the tile server requires, shown under the map.</summary>
    [MaxLength(200)]
    public string? TileAttribution { get; set; }

    /// <summary>The origin the page may load tiles from (for its Content-Security-Policy), or null without tiles.</summary>
    public string? TileOrigin => TileUrl is null ? null : new Uri(TileUrl.Replace("{", "", StringComparison.Ordinal).Replace("}", "", StringComparison.Ordinal)).GetLeftPart(UriPartial.Authority);

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (TileUrl is null)
        {
            yield break;
        }
        var placeholders = new[] { "{z}", "{x}", "{y}" };
        var bare = placeholders.Aggregate(TileUrl, (url, p) => url.Replace(p, "0", StringComparison.Ordinal));
        if (!Uri.TryCreate(bare, UriKind.Absolute, out var uri) || uri.Scheme != Uri.UriSchemeHttps || bare.Contains('{', StringComparison.Ordinal)
            || bare.Contains('\'', StringComparison.Ordinal) || bare.Contains(' ', StringComparison.Ordinal)
            || placeholders.Any(p => !TileUrl.Contains(p, StringComparison.Ordinal)))
        {
            yield return new ValidationResult("Shelter:Dashboard:TileUrl must be an https URL template with {z}, {x} and {y}, such as https://tiles.example.jp/{z}/{x}/{y}.png.",
                [nameof(TileUrl)]);
        }
    }
}
