using System.Collections.Concurrent;
using Shelter.Credentials;
using Shelter.Domain;
using Shelter.Privacy;
using Shelter.Protocol;

namespace Shelter.Host.Holds;

/// <summary>
/// The holds in force on this node, by credential pseudonym, as the store last said (<see cref="HoldFollower"/>). A tap
/// of a held credential is refused <c>on-hold</c>, unless it was made offline before the hold: then it stands, flagged
/// <c>held-after-tap</c> for the desk, as a hold from the hold-list file does.
/// </summary>
public sealed class HeldCredentials
{
    private readonly ConcurrentDictionary<string, CredentialHoldStore.Hold> _holds = new(StringComparer.Ordinal);

    public int Count => _holds.Count;

    public void Apply(IEnumerable<CredentialHoldStore.Hold> holds)
    {
        foreach (var hold in holds)
        {
            if (hold.LiftedAt is null)
            {
                _holds[hold.EvacueeId] = hold;
            }
            else
            {
                _holds.TryRemove(hold.EvacueeId, out _);
            }
        }
    }

    public CredentialHoldStore.Hold? Find(string evacueeId) => _holds.GetValueOrDefault(evacueeId);

    /// <summary>The tap as it stands under a hold (flagged), or the refusal of it; the tap unchanged when no hold is in force.</summary>
    public (Tap? Tap, TapAnswer? Refusal) Judge(string evacueeId, string tapIdText, Tap tap)
    {
        if (!_holds.TryGetValue(evacueeId, out var hold))
        {
            return (tap, null);
        }
        if (tap.OfflineWindowStart is not null && tap.OccurredAt < hold.Since)
        {
            return (tap.Flag is null ? tap with { Flag = new TapFlag(TapFlags.HeldAfterTap, hold.Since) } : tap, null);
        }
        return (null, TapAnswer.Reject(tapIdText, RejectionReason.OnHold.Code(), RejectionReason.OnHold.VolunteerMessage()));
    }
}
