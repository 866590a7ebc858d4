using Shelter.Domain;

namespace Shelter.LoadSim;

/// <summary>
/// The simulator's own account of where everyone is, built only from the answers the host gave: every tap answered
/// accepted is applied once. Reconciliation compares the host's figures with this; a rule the answers break (a second
/// lunch served, a move from nowhere) is recorded as a violation.
/// </summary>
public sealed class Model
{
    private static readonly TimeZoneInfo Tokyo = ShelterTimeZone.Resolve(ShelterTimeZone.Default);

    private readonly Lock _lock = new();
    private readonly Dictionary<int, int> _location = [];
    private readonly HashSet<(int Evacuee, string Period)> _meals = [];
    private readonly HashSet<Guid> _applied = [];
    private readonly List<string> _violations = [];
    private int[]? _unitOf;

    public Model(int shelters) => Shelters = Enumerable.Range(0, shelters).Select(_ => new ShelterFigures()).ToArray();

    public sealed class ShelterFigures
    {
        public HashSet<int> Occupants { get; } = [];

        public long Arrivals { get; set; }

        public long Departures { get; set; }

        public long SupplyPickups { get; set; }

        public SortedDictionary<string, int> Meals { get; } = new(StringComparer.Ordinal);
    }

    public ShelterFigures[] Shelters { get; }

    public IReadOnlyList<string> Violations => _violations;

    /// <summary>
    /// From now on a credential counts as the person it is linked to: <paramref name="unitOf"/> gives, per evacuee, the
    /// evacuee whose credential stands for the person (itself when it is not linked to another).
    /// </summary>
    public void UseUnits(int[] unitOf)
    {
        lock (_lock)
        {
            _unitOf = unitOf;
        }
    }

    private int Unit(int evacuee) => _unitOf?[evacuee] ?? evacuee;

    public int? LocationOf(int evacuee)
    {
        lock (_lock)
        {
            return _location.TryGetValue(evacuee, out var s) ? s : null;
        }
    }

    public IReadOnlyList<string> MealsOf(int evacuee)
    {
        lock (_lock)
        {
            return [.. _meals.Where(m => m.Evacuee == evacuee).Select(m => m.Period).Order(StringComparer.Ordinal)];
        }
    }

    public IReadOnlyCollection<int> TouchedEvacuees
    {
        get
        {
            lock (_lock)
            {
                return [.. _location.Keys.Concat(_meals.Select(m => m.Evacuee)).Distinct()];
            }
        }
    }

    /// <summary>
    /// Applies a tap's effect once, whether its answer was "accepted" or (after a lost answer) "duplicate". A signed meal
    /// flagged <c>certificate-only-pair</c> stands beside the certificate-only meal of its period, which alone counts.
    /// </summary>
    public void Accepted(int evacuee, SimTap tap, string outcome, string? flag = null)
    {
        lock (_lock)
        {
            if (!_applied.Add(tap.TapId))
            {
                return;
            }
            evacuee = Unit(evacuee);
            var here = Shelters[tap.Shelter];
            var at = _location.TryGetValue(evacuee, out var s) ? s : (int?)null;
            switch (outcome)
            {
                case "checked-in":
                    Expect(at is null, evacuee, tap, $"checked-in while at shelter {at}");
                    if (at is { } previousShelter && previousShelter != tap.Shelter)
                    {
                        Leave(evacuee, previousShelter);
                    }
                    Arrive(evacuee, tap.Shelter);
                    break;
                case "moved":
                    Expect(at is not null && at != tap.Shelter, evacuee, tap, $"moved from {at?.ToString() ?? "nowhere"}");
                    if (at is { } from)
                    {
                        Leave(evacuee, from);
                    }
                    Arrive(evacuee, tap.Shelter);
                    break;
                case "already-checked-in":
                    Expect(at == tap.Shelter, evacuee, tap, $"already-checked-in while at {at}");
                    break;
                case "checked-out":
                    Expect(at == tap.Shelter, evacuee, tap, $"checked-out while at {at}");
                    Leave(evacuee, tap.Shelter);
                    break;
                case "meal-served" when flag == TapFlags.CertificateOnlyPair:
                    Expect(_meals.Contains((evacuee, MealPeriod.Of(tap.OccurredAt, Tokyo).Key)), evacuee, tap, "paired with a meal that was not served");
                    break;
                case "meal-served":
                    var period = MealPeriod.Of(tap.OccurredAt, Tokyo).Key;
                    Expect(_meals.Add((evacuee, period)), evacuee, tap, $"second meal served in {period}");
                    here.Meals[period] = here.Meals.GetValueOrDefault(period) + 1;
                    break;
                case "supply-picked-up":
                    here.SupplyPickups++;
                    break;
                case "superseded":
                    // A backlog move older than a later one the node had already applied: recorded, it changes nothing.
                    // Not checked against the model, whose answers for one person may arrive in another order than the node applied them.
                    break;
                default:
                    _violations.Add($"tap {tap.TapId}: unknown outcome {outcome}");
                    break;
            }
        }
    }

    /// <summary>A refusal by the rules must agree with the answers so far.</summary>
    public void Refused(int evacuee, SimTap tap, string reason)
    {
        lock (_lock)
        {
            evacuee = Unit(evacuee);
            var at = _location.TryGetValue(evacuee, out var s) ? s : (int?)null;
            switch (reason)
            {
                case "meal-already-served":
                    Expect(_meals.Contains((evacuee, MealPeriod.Of(tap.OccurredAt, Tokyo).Key)), evacuee, tap, "meal refused though none was served");
                    break;
                case "not-checked-in":
                    Expect(at != tap.Shelter, evacuee, tap, $"check-out refused as not checked in here while at {at}");
                    break;
                case "move-needs-desk":
                    Expect(at is not null && at != tap.Shelter, evacuee, tap, $"a temporary card's move refused while at {at?.ToString() ?? "no shelter"}");
                    break;
                case "checked-in-elsewhere":
                    Expect(at is not null && at != tap.Shelter, evacuee, tap, $"check-out refused as elsewhere while at {at}");
                    break;
            }
        }
    }

    private void Arrive(int evacuee, int shelter)
    {
        _location[evacuee] = shelter;
        if (Shelters[shelter].Occupants.Add(evacuee))
        {
            Shelters[shelter].Arrivals++;
        }
    }

    private void Leave(int evacuee, int shelter)
    {
        _location.Remove(evacuee);
        if (Shelters[shelter].Occupants.Remove(evacuee))
        {
            Shelters[shelter].Departures++;
        }
    }

    private void Expect(bool condition, int evacuee, SimTap tap, string what)
    {
        if (!condition)
        {
            _violations.Add($"evacuee {evacuee} tap {tap.TapId}: {what}");
        }
    }
}
