namespace Shelter.Registry.Tests;

public class RegistryMergeTests
{
    private static IReadOnlyList<RegistryRow> Rows(string file) => RegistryFile.Read(RegistryFiles.Bytes(file)).Rows;

    [Fact]
    public void Sites_and_shelters_at_one_address_marked_so_become_one_place()
    {
        var sites = RegistryMerge.Apply([], Rows(RegistryFiles.GsiEmergencySites));
        var both = RegistryMerge.Apply(sites.Written, Rows(RegistryFiles.GsiShelters));

        var places = sites.Written.Concat(both.Written).GroupBy(p => p.Id).Select(g => g.Last()).OrderBy(p => p.Id, StringComparer.Ordinal).ToList();
        Assert.Equal(6, places.Count);
        var school = places.Single(p => p.Name == "川崎市立宮前小学校");
        Assert.Equal("E1413000001", school.Id);
        Assert.Equal(["E1413000001", "1413010001"], school.ExternalIds);
        Assert.True(school is { DesignatedShelter: true, EmergencySite: true });
        Assert.Equal(["flood", "earthquake", "large-fire"], school.Hazards);
        Assert.Equal("神奈川県川崎市宮前区宮前平１－１－１", school.Address);
        // The spaces in the shelter file's address do not stop the merge.
        Assert.True(places.Single(p => p.Name == "川崎市立中原中学校") is { DesignatedShelter: true, EmergencySite: true });
        Assert.Equal(["merged", "merged", "added", "added"], both.Changes.Select(c => c.Change));
        // A site without the mark stays a site; a shelter without it is a place of its own.
        Assert.True(places.Single(p => p.Name == "等々力緑地") is { DesignatedShelter: false, EmergencySite: true });
        Assert.True(places.Single(p => p.Name == "川崎市中原老人福祉センター") is { DesignatedShelter: true, EmergencySite: false, Welfare: true });
    }

    [Fact]
    public void Importing_the_same_file_again_changes_nothing()
    {
        var first = RegistryMerge.Apply([], Rows(RegistryFiles.OdfEmergencySites));
        var again = RegistryMerge.Apply(first.Written, Rows(RegistryFiles.OdfEmergencySites));

        Assert.Equal(3, first.Changes.Count);
        Assert.All(first.Changes, c => Assert.Equal(("added", "*"), (c.Change, c.Fields.Single())));
        Assert.Empty(again.Written);
        Assert.Empty(again.Changes);
        Assert.Equal(3, again.Unchanged);
    }

    [Fact]
    public void A_changed_row_lists_the_fields_it_changes_and_keeps_the_acts()
    {
        var opened = DateTimeOffset.Parse("2026-12-01T06:00:00+09:00", System.Globalization.CultureInfo.InvariantCulture);
        var first = RegistryMerge.Apply([], Rows(RegistryFiles.OdfEmergencySites)).Written.Select(p => p with { OpenedAt = opened }).ToList();
        var rows = Rows(RegistryFiles.OdfEmergencySites).Select(r => r.ExternalId == "011002-0001" ? r with { Name = "札幌市立中央小学校（新校舎）", Capacity = 500 } : r).ToList();

        var changes = RegistryMerge.Apply(first, rows);

        var change = Assert.Single(changes.Changes);
        Assert.Equal(("changed", "011002-0001"), (change.Change, change.PlaceId));
        Assert.Equal(["name", "capacity"], change.Fields);
        Assert.Equal(opened, Assert.Single(changes.Written).OpenedAt);
    }

    [Fact]
    public void A_row_without_capacity_keeps_the_capacity_the_municipality_set()
    {
        var first = RegistryMerge.Apply([], Rows(RegistryFiles.GsiShelters)).Written.Select(p => p with { Capacity = 300 }).ToList();

        var again = RegistryMerge.Apply(first, Rows(RegistryFiles.GsiShelters));

        Assert.Empty(again.Written);
    }

    [Theory]
    [InlineData("E1413000001", "E1413000001")]
    [InlineData("141305-避難所/01", "141305-----01")]
    [InlineData("___", "place")]
    public void Shelter_IDs_are_made_from_external_keys(string external, string id) => Assert.Equal(id, RegistryMerge.IdFrom(external));
}
