namespace Shelter.Domain.Tests;

public sealed class EvacueeTests
{
    private static readonly DateTimeOffset Noon = new(2026, 11, 24, 3, 0, 0, TimeSpan.Zero); // 12:00 in Tokyo
    private static readonly TimeZoneInfo Tokyo = ShelterTimeZone.Resolve("Asia/Tokyo");

    private static Tap TapAt(string shelter, TapAction action, DateTimeOffset? at = null, Guid? id = null)
    {
        var when = at ?? Noon;
        return new Tap(id ?? Guid.NewGuid(), "reader-" + shelter, shelter, action, when, false, action == TapAction.Meal ? MealPeriod.Of(when, Tokyo) : null);
    }

    private static TapOutcome Run(Evacuee evacuee, Tap tap)
    {
        var decision = evacuee.Decide(tap);
        if (decision.Event is not null)
        {
            evacuee.Apply(decision.Event);
        }
        return decision.Outcome;
    }

    [Fact]
    public void An_evacuee_restored_from_its_snapshot_decides_every_tap_as_the_original_does()
    {
        var original = new Evacuee("e1");
        var history = new List<Tap>
        {
            TapAt("A", TapAction.CheckIn),
            TapAt("A", TapAction.Meal),
            TapAt("A", TapAction.SupplyPickup, Noon.AddHours(1)),
            TapAt("B", TapAction.CheckIn, Noon.AddHours(2)),
            TapAt("A", TapAction.CheckOut, Noon.AddHours(3)),
        };
        var answers = history.Select(t => Run(original, t)).ToList();
        var restored = Evacuee.FromSnapshot("e1", original.ToSnapshot());

        Assert.Equal(original.CurrentShelterId, restored.CurrentShelterId);
        Assert.Equal(original.MealsServed.Order(), restored.MealsServed.Order());
        Assert.Equal(original.RememberedTaps, restored.RememberedTaps);
        for (var i = 0; i < history.Count; i++)
        {
            var again = restored.Decide(history[i]);
            Assert.Null(again.Event);
            Assert.Equal((TapStatus.Duplicate, answers[i].Code, answers[i].Message), (again.Outcome.Status, again.Outcome.Code, again.Outcome.Message));
        }
        // A new tap is decided by the restored rules: lunch again is refused, a check-out at B is taken.
        Assert.Equal(Refusals.MealAlreadyServed, restored.Decide(TapAt("B", TapAction.Meal, Noon.AddMinutes(30))).Outcome.Code);
        Assert.Equal(TapStatus.Accepted, restored.Decide(TapAt("B", TapAction.CheckOut, Noon.AddHours(4))).Outcome.Status);
    }

    [Fact]
    public void Check_in_then_duplicate_gives_the_first_answer()
    {
        var evacuee = new Evacuee("e1");
        var tap = TapAt("A", TapAction.CheckIn);
        var first = Run(evacuee, tap);
        var again = evacuee.Decide(tap);

        Assert.Equal(TapStatus.Accepted, first.Status);
        Assert.Equal("checked-in", first.Code);
        Assert.Null(again.Event);
        Assert.Equal(TapStatus.Duplicate, again.Outcome.Status);
        Assert.Equal(first.Code, again.Outcome.Code);
        Assert.Equal("A", evacuee.CurrentShelterId);
    }

    [Fact]
    public void Checking_in_at_B_while_at_A_moves_and_the_event_names_both()
    {
        var evacuee = new Evacuee("e1");
        Run(evacuee, TapAt("A", TapAction.CheckIn));
        var decision = evacuee.Decide(TapAt("B", TapAction.CheckIn));

        var moved = Assert.IsType<CheckedIn>(decision.Event);
        Assert.Equal("A", moved.PreviousShelterId);
        Assert.Equal("moved", decision.Outcome.Code);
        var effects = ShelterEffects.Of("e1", moved, 7).ToList();
        Assert.Equal(2, effects.Count);
        Assert.Contains(effects, x => x.ShelterId == "A" && x.Event is OccupantLeft);
        Assert.Contains(effects, x => x.ShelterId == "B" && x.Event is OccupantArrived);
    }

    [Fact]
    public void Check_out_only_where_checked_in_and_the_other_shelter_learns_nothing()
    {
        var evacuee = new Evacuee("e1");
        var nowhere = Run(evacuee, TapAt("A", TapAction.CheckOut));
        Assert.Equal("not-checked-in", nowhere.Code);
        Run(evacuee, TapAt("A", TapAction.CheckIn));
        var elsewhere = Run(evacuee, TapAt("B", TapAction.CheckOut));
        Assert.Equal(TapStatus.Rejected, elsewhere.Status);
        Assert.Equal(nowhere.Code, elsewhere.Code);
        Assert.Equal(nowhere.Message, elsewhere.Message);
        Assert.Equal("checked-out", Run(evacuee, TapAt("A", TapAction.CheckOut)).Code);
        Assert.Null(evacuee.CurrentShelterId);
    }

    [Fact]
    public void A_second_lunch_is_refused_but_dinner_is_served()
    {
        var evacuee = new Evacuee("e1");
        Assert.Equal("meal-served", Run(evacuee, TapAt("A", TapAction.Meal)).Code);
        var second = Run(evacuee, TapAt("A", TapAction.Meal, Noon.AddHours(1)));
        Assert.Equal(TapStatus.Rejected, second.Status);
        Assert.Equal("meal-already-served", second.Code);
        Assert.Contains("lunch", second.Message, StringComparison.Ordinal);
        Assert.Equal("meal-served", Run(evacuee, TapAt("A", TapAction.Meal, Noon.AddHours(5))).Code);
    }

    [Fact]
    public void A_refused_tap_is_remembered_and_retries_get_the_same_refusal()
    {
        var evacuee = new Evacuee("e1");
        var tap = TapAt("A", TapAction.CheckOut);
        Assert.Equal("not-checked-in", Run(evacuee, tap).Code);
        Run(evacuee, TapAt("A", TapAction.CheckIn));
        var retry = evacuee.Decide(tap);
        Assert.Equal(TapStatus.Duplicate, retry.Outcome.Status);
        Assert.Equal("not-checked-in", retry.Outcome.Code);
    }

    [Fact]
    public void Old_taps_are_forgotten_after_the_memory_window()
    {
        var evacuee = new Evacuee("e1");
        Run(evacuee, TapAt("A", TapAction.CheckIn, Noon));
        Run(evacuee, TapAt("A", TapAction.SupplyPickup, Noon + Evacuee.TapMemory + TimeSpan.FromHours(1)));
        Assert.Equal(1, evacuee.RememberedTaps);
    }

    [Fact]
    public void A_backlog_move_older_than_the_latest_one_is_recorded_and_moves_no_one_back()
    {
        var evacuee = new Evacuee("e1");
        Assert.Equal(Outcomes.CheckedIn, Run(evacuee, TapAt("A", TapAction.CheckIn, Noon)).Code);
        Assert.Equal(Outcomes.Moved, Run(evacuee, TapAt("B", TapAction.CheckIn, Noon.AddHours(3))).Code);

        // A reader at A was offline: its check-in from 13:00 and check-out from 14:00 arrive after the move to B at 15:00.
        var late = Run(evacuee, TapAt("A", TapAction.CheckIn, Noon.AddHours(1)));
        Assert.Equal((TapStatus.Accepted, Outcomes.Superseded), (late.Status, late.Code));
        Assert.Contains("changes nothing", late.Message, StringComparison.Ordinal);
        Assert.Equal(Outcomes.Superseded, Run(evacuee, TapAt("A", TapAction.CheckOut, Noon.AddHours(2))).Code);
        Assert.Equal("B", evacuee.CurrentShelterId);
        Assert.Equal(2, evacuee.Superseded.Count);

        // A move newer than the latest applies as ever, and a meal from the backlog counts in its own period.
        Assert.Equal(Outcomes.CheckedOut, Run(evacuee, TapAt("B", TapAction.CheckOut, Noon.AddHours(4))).Code);
        Assert.Null(evacuee.CurrentShelterId);
        var breakfast = Run(evacuee, TapAt("A", TapAction.Meal, Noon.AddHours(-4)));
        Assert.Equal(Outcomes.MealServed, breakfast.Code);
        Assert.Contains("breakfast", breakfast.Message, StringComparison.Ordinal);
        Assert.Equal(Outcomes.MealServed, Run(evacuee, TapAt("A", TapAction.Meal, Noon)).Code);

        var restored = Evacuee.FromSnapshot("e1", evacuee.ToSnapshot());
        Assert.Equal((evacuee.LastMoveAt, 2), (restored.LastMoveAt, restored.Superseded.Count));
        Assert.Equal(Outcomes.Superseded, Run(restored, TapAt("A", TapAction.CheckIn, Noon.AddHours(3.5))).Code);
    }

    [Fact]
    public void An_offline_tap_from_before_its_window_is_refused_and_kept_but_a_tap_already_answered_stays_a_duplicate()
    {
        var evacuee = new Evacuee("e1");
        var first = TapAt("A", TapAction.CheckIn, Noon);
        Assert.Equal(Outcomes.CheckedIn, Run(evacuee, first).Code);

        // The same tap sent again after a later outage: its window now starts after it, and it is still the duplicate.
        var resent = Run(evacuee, first with { OfflineWindowStart = Noon.AddHours(1) });
        Assert.Equal((TapStatus.Duplicate, Outcomes.CheckedIn), (resent.Status, resent.Code));

        var early = TapAt("A", TapAction.Meal, Noon.AddMinutes(30)) with { OfflineWindowStart = Noon.AddHours(1) };
        var refused = Run(evacuee, early);
        Assert.Equal((TapStatus.Rejected, Refusals.OutsideOfflineWindow), (refused.Status, refused.Code));
        Assert.Empty(evacuee.MealsServed);
        Assert.Equal(TapStatus.Duplicate, Run(evacuee, early with { OfflineWindowStart = null }).Status);

        var inWindow = TapAt("A", TapAction.Meal, Noon.AddHours(1).AddSeconds(1)) with { OfflineWindowStart = Noon.AddHours(1) };
        Assert.Equal(Outcomes.MealServed, Run(evacuee, inWindow).Code);
        Assert.Equal(Refusals.OutsideOfflineWindow,
            Run(evacuee, TapAt("A", TapAction.SupplyPickup, Noon.AddHours(1)) with { OfflineWindowStart = Noon.AddHours(1) }).Code);
    }

    [Fact]
    public void A_flagged_tap_stands_is_kept_for_the_desk_through_a_snapshot_and_its_duplicate_keeps_the_flag()
    {
        var evacuee = new Evacuee("e1");
        var flag = new TapFlag(TapFlags.RevokedAfterTap, Noon.AddHours(1));
        var tap = TapAt("A", TapAction.CheckIn, Noon) with { Flag = flag };
        var answer = Run(evacuee, tap);
        Assert.Equal((TapStatus.Accepted, Outcomes.CheckedIn, TapFlags.RevokedAfterTap), (answer.Status, answer.Code, answer.Flag));
        Assert.Equal("A", evacuee.CurrentShelterId);
        Assert.Equal(new FlaggedTap(tap.TapId, "A", TapAction.CheckIn, Noon, flag), Assert.Single(evacuee.Flagged));
        Assert.Null(Run(evacuee, TapAt("A", TapAction.Meal, Noon)).Flag);

        var restored = Evacuee.FromSnapshot("e1", evacuee.ToSnapshot());
        Assert.Single(restored.Flagged);
        var again = Run(restored, tap);
        Assert.Equal((TapStatus.Duplicate, TapFlags.RevokedAfterTap), (again.Status, again.Flag));
        Run(restored, TapAt("A", TapAction.SupplyPickup, Noon + Evacuee.TapMemory + TimeSpan.FromHours(1)));
        Assert.Empty(restored.Flagged);
    }

    [Fact]
    public void A_certificate_only_meal_never_blocks_a_signed_one_the_pair_goes_to_the_desk_and_the_meal_counts_once()
    {
        var evacuee = new Evacuee("e1");
        var shelter = new ShelterState();
        shelter.Apply(new ShelterOpened(new ShelterInfo("A", "A", 100, "city", "Asia/Tokyo", AllowCertificateOnly: true)));
        var offset = 0L;
        TapOutcome Counted(Tap tap)
        {
            var decision = evacuee.Decide(tap);
            if (decision.Event is { } e)
            {
                evacuee.Apply(e);
                foreach (var (_, effect) in ShelterEffects.Of("e1", e, ++offset))
                {
                    shelter.Apply(effect);
                }
            }
            return decision.Outcome;
        }

        var alone = TapAt("A", TapAction.Meal, Noon) with { CertificateOnly = true, LowAssurance = true };
        var first = Counted(alone);
        Assert.Equal(Outcomes.MealServed, first.Code);
        Assert.Contains("Certificate only", first.Message, StringComparison.Ordinal);
        Assert.Equal(Refusals.MealAlreadyServed, Counted(TapAt("A", TapAction.Meal, Noon.AddMinutes(5)) with { CertificateOnly = true }).Code);

        var signed = Counted(TapAt("A", TapAction.Meal, Noon.AddMinutes(10)));
        Assert.Equal((TapStatus.Accepted, Outcomes.MealServed, TapFlags.CertificateOnlyPair), (signed.Status, signed.Code, signed.Flag));
        Assert.Equal(2, evacuee.Flagged.Count);
        Assert.Contains(evacuee.Flagged, f => f.TapId == alone.TapId && f.Flag.Code == TapFlags.CertificateOnlyPair);
        Assert.Equal(Refusals.MealAlreadyServed, Counted(TapAt("A", TapAction.Meal, Noon.AddMinutes(20))).Code);
        Assert.Equal(1, shelter.MealsByPeriod.Values.Sum());
        Assert.Equal(1, shelter.CertificateOnlyTaps);

        // The other way round, a signed meal first: the certificate-only one is refused as a second meal.
        Assert.Equal(Outcomes.MealServed, Counted(TapAt("A", TapAction.Meal, Noon.AddHours(6))).Code);
        Assert.Equal(Refusals.MealAlreadyServed, Counted(TapAt("A", TapAction.Meal, Noon.AddHours(6.5)) with { CertificateOnly = true }).Code);
        Assert.Equal(Outcomes.SupplyPickedUp, Counted(TapAt("A", TapAction.SupplyPickup, Noon.AddHours(7)) with { CertificateOnly = true }).Code);
        Assert.Equal((2, 2L, 1L), (shelter.MealsByPeriod.Values.Sum(), shelter.CertificateOnlyTaps, shelter.SupplyPickups));

        // A pending certificate-only meal survives a snapshot, so the signed one still pairs after recovery.
        var later = Counted(TapAt("A", TapAction.Meal, Noon.AddDays(1)) with { CertificateOnly = true });
        Assert.Equal(Outcomes.MealServed, later.Code);
        var restored = Evacuee.FromSnapshot("e1", evacuee.ToSnapshot());
        Assert.Equal(TapFlags.CertificateOnlyPair, restored.Decide(TapAt("A", TapAction.Meal, Noon.AddDays(1).AddMinutes(1))).Outcome.Flag);
    }

    [Fact]
    public void An_out_of_order_backlog_leaves_every_person_at_their_latest_shelter()
    {
        var random = new Random(12);
        string[] shelters = ["A", "B", "C"];
        for (var person = 0; person < 200; person++)
        {
            var moves = Enumerable.Range(0, 8).Select(i => TapAt(shelters[random.Next(3)], TapAction.CheckIn, Noon.AddMinutes(i * 10))).ToList();
            var evacuee = new Evacuee("p");
            foreach (var move in moves.OrderBy(_ => random.Next()))
            {
                Run(evacuee, move);
            }
            Assert.Equal(moves[^1].ShelterId, evacuee.CurrentShelterId);
            Assert.Equal(moves[^1].OccurredAt, evacuee.LastMoveAt);
        }
    }
}
