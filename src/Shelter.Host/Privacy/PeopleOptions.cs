using System.ComponentModel.DataAnnotations;

namespace Shelter.Host.Privacy;

/// <summary>The <c>Shelter:People</c> configuration section: the special-need categories the desk records.</summary>
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
}
