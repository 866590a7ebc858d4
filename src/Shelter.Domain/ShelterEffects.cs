namespace Shelter.Domain;

/// <summary>What an evacuee event means for shelters: a move leaves one shelter and arrives at another.</summary>
public static class ShelterEffects
{
    public static IEnumerable<(string ShelterId, IFromEvacuee Event)> Of(string evacueeId, IEvacueeEvent e, long sourceOffset)
    {
        switch (e)
        {
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
}
