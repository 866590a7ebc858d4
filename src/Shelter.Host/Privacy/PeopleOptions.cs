using System.ComponentModel.DataAnnotations;

namespace Shelter.Host.Privacy;

/// <summary>The <c>Shelter:People</c> configuration section: the special-need categories the desk records, and how long people are kept after a disaster closes.</summary>
public sealed class PeopleOptions
{
    public const string Section = "Shelter:People";

    /// <summary>
    /// The categories municipal systems use (要配慮者): infant (detail: age in months), pregnant or nursing, elderly, needs
    /// care (detail: 要介護 level), physical / intellectual / mental disability, allergy (detail: substances), chronic
    /// illness or daily medication, needs an interpreter (detail: language), pet (detail: 同行 or 同伴).
    /// </summary>
    [MinLength(1)]
    public List<string> NeedCategories { get; set; } =
    [
        "infant", "pregnant-or-nursing", "elderly", "needs-care", "physical-disability", "intellectual-disability", "mental-disability", "allergy",
        "chronic-illness", "interpreter", "pet",
    ];

    /// <summary>
    /// How long after a municipality closes a disaster its people are kept before they are erased in one act: what the
    /// municipality's personal-data rules (条例) say. 0 erases at the next sweep.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "3650.00:00:00")]
    public TimeSpan RetentionAfterClosing { get; set; } = TimeSpan.FromDays(90);

    /// <summary>How often each node looks for closed disasters whose retention is over.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan SweepEvery { get; set; } = TimeSpan.FromHours(1);
}
