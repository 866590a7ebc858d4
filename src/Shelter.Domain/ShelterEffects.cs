namespace Shelter.Domain;

/// <summary>What an evacuee event means for shelters: a move leaves one shelter and arrives at another.</summary>
public static class ShelterEffects
{
    public static IEnumerable<(string ShelterId, IFromEvacuee Event)> Of(string evacueeId, IEvacueeHistory e, long sourceOffset)
    {
        switch (e)
        {
            case LinkedToPerson { Own.CurrentShelterId: { } at } linked:
                yield return (at, new OccupantLeft(evacueeId, null, linked.At, sourceOffset, Relinked: true));
                break;
            case UnlinkedFromPerson { Own.CurrentShelterId: { } at } unlinked:
                yield return (at, new OccupantArrived(evacueeId, Provisional: true, null, unlinked.At, sourceOffset, Relinked: true));
                break;
            case CredentialAbsorbed absorbed:
                foreach (var effect in Relinked(evacueeId, absorbed.ShelterBefore, absorbed.ShelterAfter, absorbed.At, sourceOffset))
                {
                    yield return effect;
                }
                break;
            case TapCorrected { MealWithdrawn: { } period } corrected:
                yield return (corrected.ShelterId, new MealWithdrawn(evacueeId, period, corrected.At, sourceOffset));
                break;
            case TapCorrected corrected:
                foreach (var effect in Relinked(evacueeId, corrected.ShelterBefore, corrected.ShelterAfter, corrected.At, sourceOffset, provisional: !PersonIds.IsPerson(evacueeId)))
                {
                    yield return effect;
                }
                break;
            case CredentialReleased released:
                foreach (var effect in Relinked(evacueeId, released.ShelterBefore, released.ShelterAfter, released.At, sourceOffset))
                {
                    yield return effect;
                }
                break;
            case CheckedIn c when c.PreviousShelterId == c.ShelterId:
                break;
            case CheckedIn c:
                if (c.PreviousShelterId is not null)
                {
                    yield return (c.PreviousShelterId, new OccupantLeft(evacueeId, c.ShelterId, c.OccurredAt, sourceOffset));
                }
                yield return (c.ShelterId, new OccupantArrived(evacueeId, c.Provisional, c.PreviousShelterId, c.OccurredAt, sourceOffset));
                break;
            case CheckedOut o:
                yield return (o.ShelterId, new OccupantLeft(evacueeId, null, o.OccurredAt, sourceOffset));
                break;
            case MealServed { AlreadyCounted: true }:
                break;
            case MealServed m:
                yield return (m.ShelterId, new MealCounted(evacueeId, m.Period, m.Provisional, m.OccurredAt, sourceOffset, m.CertificateOnly));
                break;
            case SupplyPickedUp p:
                yield return (p.ShelterId, new SupplyPickupCounted(evacueeId, p.OccurredAt, sourceOffset, p.CertificateOnly));
                break;
        }
    }

    /// <summary>
    /// A place changed by the desk (a link, an unlink, a correction), not by a tap: presence moves, arrivals and
    /// departures do not count it.
    /// </summary>
    private static IEnumerable<(string, IFromEvacuee)> Relinked(string personId, string? before, string? after, DateTimeOffset at, long sourceOffset,
        bool provisional = false)
    {
        if (before == after)
        {
            yield break;
        }
        if (before is not null)
        {
            yield return (before, new OccupantLeft(personId, after, at, sourceOffset, Relinked: true));
        }
        if (after is not null)
        {
            yield return (after, new OccupantArrived(personId, provisional, before, at, sourceOffset, Relinked: true));
        }
    }
}
