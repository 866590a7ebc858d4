using Shelter.Domain;
using Shelter.Protocol;

namespace Shelter.Host.Taps;

/// <summary>An evacuee entity's answer as the reader protocol writes it.</summary>
public static class OutcomeAnswer
{
    public static TapAnswer From(string tapId, TapOutcome outcome) => new(
        tapId,
        outcome.Status.Code(),
        outcome.TookEffect ? outcome.Code : null,
        outcome.TookEffect ? null : outcome.Code,
        outcome.Message,
        outcome.Flag);
}
