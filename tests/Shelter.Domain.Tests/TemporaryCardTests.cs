namespace Shelter.Domain.Tests;

/// <summary>Temporary cards: refused unless issued (or the shelter takes walk-ins, flagged), withdrawn for good, never moving anyone on their own.</summary>
public sealed class TemporaryCardTests
{
    private static readonly DateTimeOffset Morning = new(2026, 11, 24, 0, 0, 0, TimeSpan.Zero);

    private static Tap CardTap(string shelter, TapAction action, double hours, bool walkIns = false) =>
        new(Guid.NewGuid(), "r-" + shelter, shelter, action, Morning.AddHours(hours), LowAssurance: true, TemporaryCard: true, WalkInsAllowed: walkIns);

    private static TapOutcome Run(Evacuee evacuee, Tap tap)
    {
        var decision = evacuee.Decide(tap);
        if (decision.Event is { } e)
        {
            evacuee.Apply(e);
        }
        return decision.Outcome;
    }

    [Fact]
    public void An_unknown_card_is_refused_unless_the_shelter_takes_walk_ins_and_then_the_desk_is_told()
    {
        var card = new Evacuee(new string('c', 64));
        Assert.Equal(Refusals.UnknownCard, Run(card, CardTap("A", TapAction.CheckIn, 1)).Code);
        var walkIn = Run(card, CardTap("A", TapAction.CheckIn, 2, walkIns: true));
        Assert.Equal((Outcomes.CheckedIn, TapFlags.WalkIn), (walkIn.Code, walkIn.Flag));
        Assert.Contains(card.Flagged, f => f.Flag.Code == TapFlags.WalkIn);

        var issued = new Evacuee(new string('d', 64));
        issued.Apply(new TemporaryCardIssued(PersonIds.New(), Morning, "desk-1"));
        var taken = Run(issued, CardTap("A", TapAction.CheckIn, 1));
        Assert.Equal((Outcomes.CheckedIn, null), (taken.Code, taken.Flag));
    }

    [Fact]
    public void A_withdrawn_card_is_refused_even_where_walk_ins_are_taken()
    {
        var card = new Evacuee(new string('c', 64));
        card.Apply(new TemporaryCardIssued(PersonIds.New(), Morning, "desk-1"));
        card.Apply(new TemporaryCardWithdrawn("lost", Morning.AddHours(1), "desk-1"));
        Assert.Equal(Refusals.CardWithdrawn, Run(card, CardTap("A", TapAction.Meal, 2, walkIns: true)).Code);
        Assert.Equal(Refusals.CardWithdrawn, Run(Evacuee.FromSnapshot(card.Id, card.ToSnapshot()), CardTap("A", TapAction.Meal, 2)).Code);
    }

    [Fact]
    public void A_low_assurance_check_in_never_takes_someone_out_of_another_shelter()
    {
        var person = new Evacuee(PersonIds.New());
        var signed = new Tap(Guid.NewGuid(), "r-A", "A", TapAction.CheckIn, Morning.AddHours(1), LowAssurance: false);
        Run(person, signed);
        var refused = Run(person, CardTap("B", TapAction.CheckIn, 2));
        Assert.Equal(Refusals.MoveNeedsDesk, refused.Code);
        Assert.Equal("A", person.CurrentShelterId);
        Assert.Equal(Outcomes.AlreadyCheckedIn, Run(person, CardTap("A", TapAction.CheckIn, 3)).Code);
        Run(person, CardTap("A", TapAction.CheckOut, 4));
        Assert.Equal(Outcomes.CheckedIn, Run(person, CardTap("B", TapAction.CheckIn, 5)).Code);
    }
}
