using System.Collections.Concurrent;
using Microsoft.Extensions.Options;
using Shelter.Actors;
using Shelter.Domain;

namespace Shelter.Host.Dashboard;

/// <summary>
/// This node's latest view of every shelter, refreshed from the projection by the broadcaster. Hub connections read
/// their first picture from here, so a new viewer costs no query to the projection.
/// </summary>
public sealed class DashboardState(IOptions<SupplyRates> rates, TimeProvider clock)
{
    private readonly ConcurrentDictionary<string, ShelterDashboardView> _shelters = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, DashboardSnapshot> _figures = new(StringComparer.Ordinal);

    public long Version { get; private set; }

    /// <summary>When this node last took the projection's changes: the time its figures are as of.</summary>
    public DateTimeOffset? TakenAt { get; private set; }

    /// <summary>Every shelter's figures as this node last took them, for reports.</summary>
    public IEnumerable<DashboardSnapshot> Figures => _figures.Values;

    public DashboardSnapshot? FiguresOf(string shelterId) => _figures.GetValueOrDefault(shelterId);

    public SupplyRates Rates => rates.Value;

    /// <summary>Takes the projection's changes; returns the shelters whose view changed and the alerts that appeared or cleared.</summary>
    public (List<ShelterDashboardView> Changed, List<AlertChange> Alerts) Take(DashboardAnswer answer)
    {
        var now = clock.GetUtcNow();
        var changed = new List<ShelterDashboardView>();
        var alerts = new List<AlertChange>();
        foreach (var shelter in answer.Shelters)
        {
            var view = DashboardViews.Shelter(shelter.Figures, rates.Value, now);
            var before = _shelters.TryGetValue(view.Id, out var previous) ? previous.Alerts : [];
            alerts.AddRange(view.Alerts.Except(before).Select(a => new AlertChange(view.Id, view.Name, view.Municipality, a, true, now)));
            alerts.AddRange(before.Except(view.Alerts).Select(a => new AlertChange(view.Id, view.Name, view.Municipality, a, false, now)));
            _shelters[view.Id] = view;
            _figures[view.Id] = shelter.Figures;
            changed.Add(view);
        }
        Version = answer.Version;
        TakenAt = now;
        return (changed, alerts);
    }

    public DashboardView View(string scope)
    {
        var shelters = _shelters.Values.Where(s => InScope(s, scope)).OrderBy(s => s.Municipality, StringComparer.Ordinal).ThenBy(s => s.Id, StringComparer.Ordinal).ToArray();
        return new DashboardView(shelters, DashboardViews.Municipalities(
            _shelters.Values.Where(s => scope == DashboardScopes.All || shelters.Any(x => x.Municipality == s.Municipality))), clock.GetUtcNow());
    }

    public static bool InScope(ShelterDashboardView shelter, string scope) => InScope(shelter.Id, shelter.Municipality, scope);

    /// <summary>Whether what concerns one shelter of a municipality (its figures, an alert) belongs to a scope.</summary>
    public static bool InScope(string shelterId, string municipality, string scope) =>
        scope == DashboardScopes.All
        || scope == DashboardScopes.Municipality(municipality)
        || scope == DashboardScopes.Shelter(shelterId);
}

/// <summary>What a viewer can watch: everything, one municipality, or one shelter. Each is a SignalR group.</summary>
public static class DashboardScopes
{
    public const string All = "all";
    public const string MunicipalityPrefix = "municipality:";
    public const string ShelterPrefix = "shelter:";

    public static string Municipality(string id) => MunicipalityPrefix + id;

    public static string Shelter(string id) => ShelterPrefix + id;

    /// <summary>The most a token may watch: what its page opens on.</summary>
    public static string Widest(Shelter.Access.AccessScope scope) =>
        scope.ShelterId is { } shelter ? Shelter(shelter) : scope.Municipality is { } municipality ? Municipality(municipality) : All;

    public static bool IsValid(string? scope) => scope is not null && (scope == All
        || (scope.StartsWith(MunicipalityPrefix, StringComparison.Ordinal) && Security.Identifiers.IsValid(scope[MunicipalityPrefix.Length..]))
        || (scope.StartsWith(ShelterPrefix, StringComparison.Ordinal) && Security.Identifiers.IsValid(scope[ShelterPrefix.Length..])));
}
