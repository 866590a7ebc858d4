namespace Shelter.Domain.Tests;

/// <summary>Credentials linked to one person: one place, one meal per period, whichever credential is tapped; links undone cleanly.</summary>
public sealed class LinkingTests
{
    private static readonly DateTimeOffset Morning = new(2026, 11, 24, 0, 0, 0, TimeSpan.Zero); // 09:00 in Tokyo
    private static readonly TimeZoneInfo Tokyo = ShelterTimeZone.Resolve("Asia/Tokyo");
    private static readonly string Person = PersonIds.New();

    /// <summary>Evacuee entities and the shelters their events reach, as the actors and the relay connect them.</summary>
    private sealed class World
    {
        private readonly Dictionary<string, Evacuee> _entities = new(StringComparer.Ordinal);
        private long _offset;

        public Dictionary<string, ShelterState> Shelters { get; } = new(StringComparer.Ordinal);

        public Evacuee this[string id] => _entities.TryGetValue(id, out var e) ? e : _entities[id] = new Evacuee(id);

        public TapOutcome Tap(string credential, string shelter, TapAction action, DateTimeOffset at, Guid? tapId = null)
        {
            var tap = new Tap(tapId ?? Guid.NewGuid(), "reader-" + shelter, shelter, action, at, false, action == TapAction.Meal ? MealPeriod.Of(at, Tokyo) : null);
            var entity = this[credential];
            if (entity.ForwardTarget(tap) is { } person)
            {
                entity = this[person];
            }
            var decision = entity.Decide(tap);
            if (decision.Event is { } e)
            {
                Store(entity, e);
            }
            return decision.Outcome;
        }

        public LinkResult Link(string credential, string person, DateTimeOffset at)
        {
            var (linked, result) = this[credential].Link(person, at, "desk-1");
            if (linked is not null)
            {
                Store(this[credential], linked);
                Store(this[person], this[person].Absorb(credential, linked.Own, at)!);
            }
            return result;
        }

        public LinkResult Unlink(string credential, string person, DateTimeOffset at)
        {
            var (unlinked, result) = this[credential].Unlink(person, at, "desk-1");
            if (unlinked is not null)
            {
                Store(this[credential], unlinked);
                Store(this[person], this[person].Release(credential, at)!);
            }
            return result;
        }

        public int Occupancy(string shelter) => Shelters.TryGetValue(shelter, out var s) ? s.Occupancy : 0;

        public long Arrivals(string shelter) => Shelters.TryGetValue(shelter, out var s) ? s.Arrivals : 0;

        private void Store(Evacuee entity, IEvacueeHistory e)
        {
            entity.Apply(e);
            foreach (var (shelterId, effect) in ShelterEffects.Of(entity.Id, e, ++_offset))
            {
                (Shelters.TryGetValue(shelterId, out var s) ? s : Shelters[shelterId] = new ShelterState()).Apply(effect);
            }
        }
    }

    [Fact]
    public void A_person_with_card_and_phone_is_checked_in_once_and_served_one_lunch_whichever_they_tap()
    {
        var world = new World();
        world.Link("card", Person, Morning);
        world.Link("phone", Person, Morning);

        Assert.Equal(Outcomes.CheckedIn, world.Tap("card", "A", TapAction.CheckIn, Morning.AddHours(1)).Code);
        Assert.Equal(Outcomes.AlreadyCheckedIn, world.Tap("phone", "A", TapAction.CheckIn, Morning.AddHours(1.5)).Code);
        Assert.Equal(1, world.Occupancy("A"));
        Assert.Equal(Outcomes.MealServed, world.Tap("phone", "A", TapAction.Meal, Morning.AddHours(3)).Code);
        Assert.Equal(Refusals.MealAlreadyServed, world.Tap("card", "A", TapAction.Meal, Morning.AddHours(3.5)).Code);

        var moved = world.Tap("phone", "B", TapAction.CheckIn, Morning.AddHours(5));
        Assert.Equal(Outcomes.Moved, moved.Code);
        Assert.DoesNotContain("Unregistered", moved.Message, StringComparison.Ordinal);
        Assert.Equal((0, 1), (world.Occupancy("A"), world.Occupancy("B")));
        Assert.Equal(Person, world[Person].Id);
        Assert.Equal(["card", "phone"], world[Person].Credentials.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Linking_two_credentials_used_apart_merges_them_to_one_person_at_the_later_place_with_every_meal()
    {
        var world = new World();
        world.Tap("card", "A", TapAction.CheckIn, Morning.AddHours(1));
        world.Tap("card", "A", TapAction.Meal, Morning.AddHours(3));
        world.Tap("phone", "B", TapAction.CheckIn, Morning.AddHours(2));
        Assert.Equal((1, 1), (world.Occupancy("A"), world.Occupancy("B")));
        var arrivals = (world.Arrivals("A"), world.Arrivals("B"));

        world.Link("card", Person, Morning.AddHours(4));
        Assert.Equal(("A", 1, 1), (world[Person].CurrentShelterId, world.Occupancy("A"), world.Occupancy("B")));
        world.Link("phone", Person, Morning.AddHours(4));

        Assert.Equal("B", world[Person].CurrentShelterId);
        Assert.Equal((0, 1), (world.Occupancy("A"), world.Occupancy("B")));
        Assert.Equal(0, world.Shelters["B"].ProvisionalOccupants);
        Assert.Equal(arrivals, (world.Arrivals("A"), world.Arrivals("B")));
        Assert.Equal(Refusals.MealAlreadyServed, world.Tap("phone", "B", TapAction.Meal, Morning.AddHours(4.5)).Code);
        Assert.Null(world["card"].CurrentShelterId);
    }

    [Fact]
    public void Unlinking_gives_each_credential_back_what_it_had_and_the_person_what_was_theirs()
    {
        var world = new World();
        world.Tap("card", "A", TapAction.CheckIn, Morning.AddHours(1));
        world.Tap("card", "A", TapAction.Meal, Morning.AddHours(3));
        world.Tap("phone", "B", TapAction.CheckIn, Morning.AddHours(2));
        world.Link("card", Person, Morning.AddHours(4));
        world.Link("phone", Person, Morning.AddHours(4));

        Assert.True(world.Unlink("phone", Person, Morning.AddHours(5)).Done);
        Assert.Equal(("A", "B"), (world[Person].CurrentShelterId, world["phone"].CurrentShelterId));
        Assert.Equal((1, 1), (world.Occupancy("A"), world.Occupancy("B")));
        Assert.Equal(1, world.Shelters["B"].ProvisionalOccupants);

        Assert.True(world.Unlink("card", Person, Morning.AddHours(5)).Done);
        Assert.Equal((null, "A"), (world[Person].CurrentShelterId, world["card"].CurrentShelterId));
        Assert.Empty(world[Person].MealsServed);
        Assert.Single(world["card"].MealsServed);
        Assert.Equal((1, 1), (world.Occupancy("A"), world.Occupancy("B")));
        Assert.Equal(Outcomes.MealServed, world.Tap("phone", "B", TapAction.Meal, Morning.AddHours(5.5)).Code);
    }

    [Fact]
    public void A_person_who_moved_since_the_link_stays_where_they_are_when_it_is_undone()
    {
        var world = new World();
        world.Tap("card", "A", TapAction.CheckIn, Morning.AddHours(1));
        world.Link("card", Person, Morning.AddHours(2));
        world.Tap("card", "B", TapAction.CheckIn, Morning.AddHours(3));

        world.Unlink("card", Person, Morning.AddHours(4));

        Assert.Equal(("B", "A"), (world[Person].CurrentShelterId, world["card"].CurrentShelterId));
        Assert.Equal((1, 1), (world.Occupancy("A"), world.Occupancy("B")));
    }

    [Fact]
    public void A_retry_of_a_tap_made_before_the_link_gets_its_first_answer()
    {
        var world = new World();
        var lunch = Guid.NewGuid();
        var first = world.Tap("card", "A", TapAction.Meal, Morning.AddHours(3), lunch);
        world.Link("card", Person, Morning.AddHours(4));

        var retry = world.Tap("card", "A", TapAction.Meal, Morning.AddHours(3), lunch);

        Assert.Equal((TapStatus.Duplicate, first.Code), (retry.Status, retry.Code));
        Assert.Equal(Refusals.MealAlreadyServed, world.Tap("card", "A", TapAction.Meal, Morning.AddHours(3.2)).Code);
    }

    [Fact]
    public void Links_are_refused_where_they_make_no_sense_and_repeating_one_changes_nothing()
    {
        var world = new World();
        var other = PersonIds.New();
        Assert.True(world.Link("card", Person, Morning).Done);
        Assert.True(world.Link("card", Person, Morning).Done);
        Assert.Single(world[Person].Credentials);
        Assert.Equal(LinkRefusals.LinkedElsewhere, world.Link("card", other, Morning).Reason);
        Assert.Equal(LinkRefusals.NotACredential, world[other].Link(Person, Morning, "desk-1").Result.Reason);
        Assert.Equal(LinkRefusals.NotAPerson, world["phone"].Link("card", Morning, "desk-1").Result.Reason);
        Assert.Equal(LinkRefusals.NotLinked, world.Unlink("card", other, Morning).Reason);
        Assert.Null(world[Person].Absorb("card", new Handover(null, null, []), Morning));
    }

    [Fact]
    public void A_linked_credential_and_its_person_restored_from_snapshots_behave_as_before()
    {
        var world = new World();
        world.Tap("card", "A", TapAction.CheckIn, Morning.AddHours(1));
        world.Tap("card", "A", TapAction.Meal, Morning.AddHours(3));
        world.Link("card", Person, Morning.AddHours(4));

        var card = Evacuee.FromSnapshot("card", world["card"].ToSnapshot());
        var person = Evacuee.FromSnapshot(Person, world[Person].ToSnapshot());

        Assert.Equal(Person, card.LinkedPersonId);
        Assert.False(person.Provisional);
        Assert.Equal(["card"], person.Credentials);
        var (unlinked, _) = card.Unlink(Person, Morning.AddHours(5), "desk-1");
        Assert.Equal("A", unlinked!.Own.CurrentShelterId);
        Assert.Single(person.Release("card", Morning.AddHours(5))!.MealsRemoved);
    }
}
