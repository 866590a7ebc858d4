using System.Text;

namespace Shelter.Registry;

/// <summary>What an import would do to the registry: the places to write, and the change to each, for a dry run to list.</summary>
public sealed record RegistryChanges(IReadOnlyList<RegistryPlace> Written, IReadOnlyList<PlaceChange> Changes, int Unchanged);

/// <summary>One place an import adds, changes, or merges into another of the other kind at the same address.</summary>
public sealed record PlaceChange(int Line, string PlaceId, string ExternalId, string Change, IReadOnlyList<string> Fields);

/// <summary>
/// The one rule for how rows become places. A row is its place when its external key is known. Otherwise, when the row
/// is marked 住所同一 (same address as a place of the other kind), it joins the place of the other kind in its
/// municipality at the same address (compared after NFKC, without spaces), if that place has no row of this kind yet.
/// Otherwise it is a new place, whose ID is made from its external key. A row changes only what its kind describes:
/// an emergency site's hazards, a shelter's welfare mark; capacity only when the row has one. 開設 and 閉鎖 are never changed.
/// </summary>
public static class RegistryMerge
{
    public const string Added = "added";
    public const string Changed = "changed";
    public const string Merged = "merged";

    /// <param name="existing">The places of the municipalities the rows belong to.</param>
    /// <param name="rows">The rows read.</param>
    /// <param name="takenIds">Every place ID in the registry, of any municipality: a new place never takes one.</param>
    public static RegistryChanges Apply(IEnumerable<RegistryPlace> existing, IReadOnlyList<RegistryRow> rows, IReadOnlySet<string>? takenIds = null)
    {
        var places = existing.ToDictionary(p => p.Id, StringComparer.Ordinal);
        var taken = new HashSet<string>(takenIds ?? new HashSet<string>(), StringComparer.Ordinal);
        taken.UnionWith(places.Keys);
        var byExternalId = new Dictionary<string, string>(StringComparer.Ordinal);
        var byAddress = new Dictionary<(string, string), List<string>>();
        foreach (var place in places.Values)
        {
            Index(place, byExternalId, byAddress);
        }
        var before = new Dictionary<string, RegistryPlace>(places, StringComparer.Ordinal);
        var changes = new List<PlaceChange>();
        var touched = new HashSet<string>(StringComparer.Ordinal);
        foreach (var row in rows)
        {
            var merged = false;
            RegistryPlace place;
            if (byExternalId.TryGetValue(row.ExternalId, out var id))
            {
                place = Update(places[id], row);
            }
            else if (row.SameAddressAsOtherKind && PartnerOf(row, places, byAddress) is { } partner)
            {
                place = Update(partner with { ExternalIds = [.. partner.ExternalIds, row.ExternalId] }, row);
                merged = true;
            }
            else
            {
                place = Update(New(row, taken), row);
                taken.Add(place.Id);
            }
            places[place.Id] = place;
            Index(place, byExternalId, byAddress);
            touched.Add(place.Id);
            var fields = before.TryGetValue(place.Id, out var old) ? Differences(old, place) : ["*"];
            if (fields.Count > 0)
            {
                var change = merged ? Merged : before.ContainsKey(place.Id) ? Changed : Added;
                changes.Add(new PlaceChange(row.Line, place.Id, row.ExternalId, change, fields));
            }
        }
        var written = touched.Select(id => places[id]).Where(p => !before.TryGetValue(p.Id, out var old) || Differences(old, p).Count > 0).ToList();
        return new RegistryChanges(written, changes, touched.Count - written.Count);
    }

    /// <summary>An address as compared for 住所同一: NFKC (full-width digits and letters as ASCII), no spaces of any width.</summary>
    public static string AddressKey(string address)
    {
        var normal = address.Normalize(NormalizationForm.FormKC);
        return string.Concat(normal.Where(c => !char.IsWhiteSpace(c)));
    }

    /// <summary>A shelter ID from an external key: the characters an ID may hold, others as '-', at most 64.</summary>
    public static string IdFrom(string externalId)
    {
        var id = new string([.. externalId.Select(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' ? c : '-')]).Trim('-', '_');
        return id.Length == 0 ? "place" : id.Length > 64 ? id[..64] : id;
    }

    private static RegistryPlace New(RegistryRow row, HashSet<string> taken)
    {
        var stem = IdFrom(row.ExternalId);
        var id = stem;
        for (var n = 2; taken.Contains(id); n++)
        {
            var suffix = $"-{n}";
            id = stem[..Math.Min(stem.Length, 64 - suffix.Length)] + suffix;
        }
        return new RegistryPlace(id, row.Municipality, row.MunicipalityName, row.Name, row.Address, null, null, null,
            false, false, false, [], [row.ExternalId], row.Note);
    }

    private static RegistryPlace Update(RegistryPlace place, RegistryRow row)
    {
        var updated = place with
        {
            Municipality = row.Municipality,
            MunicipalityName = row.MunicipalityName.Length > 0 ? row.MunicipalityName : place.MunicipalityName,
            Name = row.Name,
            Address = row.Address,
            Latitude = row.Latitude ?? place.Latitude,
            Longitude = row.Longitude ?? place.Longitude,
            Capacity = row.Capacity ?? place.Capacity,
            Note = row.Note.Length > 0 ? row.Note : place.Note,
        };
        return row.Kind == PlaceKind.EmergencySite
            ? updated with { EmergencySite = true, Hazards = row.Hazards }
            : updated with { DesignatedShelter = true, Welfare = row.Welfare };
    }

    private static RegistryPlace? PartnerOf(RegistryRow row, Dictionary<string, RegistryPlace> places, Dictionary<(string, string), List<string>> byAddress) =>
        byAddress.TryGetValue((row.Municipality, AddressKey(row.Address)), out var ids)
            ? ids.Select(id => places[id]).FirstOrDefault(p => row.Kind == PlaceKind.EmergencySite ? p is { DesignatedShelter: true, EmergencySite: false } : p is { EmergencySite: true, DesignatedShelter: false })
            : null;

    private static void Index(RegistryPlace place, Dictionary<string, string> byExternalId, Dictionary<(string, string), List<string>> byAddress)
    {
        foreach (var external in place.ExternalIds)
        {
            byExternalId[external] = place.Id;
        }
        var key = (place.Municipality, AddressKey(place.Address));
        if (!byAddress.TryGetValue(key, out var ids))
        {
            byAddress[key] = ids = [];
        }
        if (!ids.Contains(place.Id))
        {
            ids.Add(place.Id);
        }
    }

    private static List<string> Differences(RegistryPlace old, RegistryPlace now)
    {
        var fields = new List<string>();
        void Check(string name, bool same)
        {
            if (!same)
            {
                fields.Add(name);
            }
        }
        Check("municipality", old.Municipality == now.Municipality);
        Check("municipalityName", old.MunicipalityName == now.MunicipalityName);
        Check("name", old.Name == now.Name);
        Check("address", old.Address == now.Address);
        Check("coordinates", old.Latitude == now.Latitude && old.Longitude == now.Longitude);
        Check("capacity", old.Capacity == now.Capacity);
        Check("designatedShelter", old.DesignatedShelter == now.DesignatedShelter);
        Check("emergencySite", old.EmergencySite == now.EmergencySite);
        Check("welfare", old.Welfare == now.Welfare);
        Check("hazards", old.Hazards.SequenceEqual(now.Hazards));
        Check("externalIds", old.ExternalIds.SequenceEqual(now.ExternalIds));
        Check("note", old.Note == now.Note);
        return fields;
    }
}
