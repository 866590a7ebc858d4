namespace Shelter.Domain.Tests;

/// <summary>The desk undoes a wrong tap with a reason: a compensating event that the shelters' counts follow.</summary>
public sealed class CorrectionTests
{
    private static readonly DateTimeOffset Morning = new(2026, 11, 24, 0, 0, 0, TimeSpan.Zero);
    private static readonly TimeZoneInfo Tokyo = ShelterTimeZone.Resolve("Asia/Tokyo");

    private readonly Evacuee _evacuee = new(new string('a', 64));
    private readonly Dictionary<string, ShelterState> _shelters = new(StringComparer.Ordinal);
    private long _offset;

    private Guid Tap(string shelter, TapAction action, double hours)
    {
        var at = Morning.AddHours(hours);
        var tap = new Tap(Guid.NewGuid(), "r", shelter, action, at, false, action == TapAction.Meal ? MealPeriod.Of(at, Tokyo) : null);
        var decision = _evacuee.Decide(tap);
        Store(decision.Event!);
        return tap.TapId;
    }

    private CorrectionResult Correct(Guid tapId)
    {
        var (corrected, result) = _evacuee.Correct(tapId, "wrong card", "desk-1", Morning.AddHours(10));
        if (corrected is not null)
        {
            Store(corrected);
        }
        return result;
    }

    private void Store(IEvacueeHistory e)
    {
        _evacuee.Apply(e);
        foreach (var (shelterId, effect) in ShelterEffects.Of(_evacuee.Id, e, ++_offset))
        {
            (_shelters.TryGetValue(shelterId, out var s) ? s : _shelters[shelterId] = new ShelterState()).Apply(effect);
        }
    }

    private int Occupancy(string shelter) => _shelters.TryGetValue(shelter, out var s) ? s.Occupancy : 0;

    [Fact]
    public void Undoing_a_move_puts_the_person_back_where_they_were_and_the_shelters_follow()
    {
        Tap("A", TapAction.CheckIn, 1);
        var move = Tap("B", TapAction.CheckIn, 2);
        Assert.Equal((0, 1), (Occupancy("A"), Occupancy("B")));

        Assert.True(Correct(move).Done);

        Assert.Equal("A", _evacuee.CurrentShelterId);
        Assert.Equal((1, 0), (Occupancy("A"), Occupancy("B")));
        Assert.Equal(CorrectionRefusals.AlreadyCorrected, Correct(move).Reason);
        Assert.True(_evacuee.RecentTaps(10).Single(t => t.TapId == move).Corrected);
    }

    [Fact]
    public void Only_the_latest_move_is_undone_and_a_withdrawn_meal_can_be_served_again()
    {
        var checkIn = Tap("A", TapAction.CheckIn, 1);
        var lunch = Tap("A", TapAction.Meal, 3);
        Tap("A", TapAction.CheckOut, 5);
        Assert.Equal(CorrectionRefusals.NotLatestMove, Correct(checkIn).Reason);
        Assert.Equal(CorrectionRefusals.UnknownTap, Correct(Guid.NewGuid()).Reason);

        Assert.True(Correct(lunch).Done);

        Assert.Empty(_evacuee.MealsServed);
        Assert.Equal(0, _shelters["A"].MealsByPeriod.Values.Sum());
        var again = Tap("A", TapAction.Meal, 3.5);
        Assert.Equal(1, _shelters["A"].MealsByPeriod.Values.Sum());
        Assert.NotEqual(lunch, again);
    }

    [Fact]
    public void A_correction_survives_a_snapshot()
    {
        Tap("A", TapAction.CheckIn, 1);
        var lunch = Tap("A", TapAction.Meal, 3);
        var restored = Evacuee.FromSnapshot(_evacuee.Id, _evacuee.ToSnapshot());
        Assert.True(restored.Correct(lunch, "wrong card", "desk-1", Morning).Result.Done);
        Store(_evacuee.Correct(lunch, "wrong card", "desk-1", Morning).Event!);
        Assert.Equal(CorrectionRefusals.AlreadyCorrected, Evacuee.FromSnapshot(_evacuee.Id, _evacuee.ToSnapshot()).Correct(lunch, "x", "d", Morning).Result.Reason);
    }
}
