namespace Shelter.Registry.Tests;

public class PlaceStoreTests
{
    [Theory]
    [MemberData(nameof(StoreDatabase.Kinds), MemberType = typeof(StoreDatabase))]
    public async Task Places_written_read_back_whole(bool postgres)
    {
        using var db = new StoreDatabase(postgres);
        var store = new PlaceStore(db.Database);
        await store.Initialize();
        await store.Initialize();
        var sites = RegistryMerge.Apply([], RegistryFile.Read(RegistryFiles.Bytes(RegistryFiles.GsiEmergencySites)).Rows).Written;
        var merged = RegistryMerge.Apply(sites, RegistryFile.Read(RegistryFiles.Bytes(RegistryFiles.GsiShelters)).Rows).Written;

        await store.Write(sites);
        await store.Write(merged);

        var all = await store.Of(null);
        Assert.Equal(6, all.Count);
        var school = all.Single(p => p.Id == "E1413000001");
        var expected = merged.Single(p => p.Id == "E1413000001");
        Assert.Equal(expected with { Hazards = [], ExternalIds = [] }, school with { Hazards = [], ExternalIds = [] });
        Assert.Equal(expected.Hazards, school.Hazards);
        Assert.Equal(expected.ExternalIds, school.ExternalIds);
        Assert.Equal(6, await store.Count());
        Assert.Equal(6, (await store.Of(["141305"])).Count);
        Assert.Empty(await store.Of(["011002"]));
    }

    [Theory]
    [MemberData(nameof(StoreDatabase.Kinds), MemberType = typeof(StoreDatabase))]
    public async Task Opening_and_closing_are_kept_and_a_reimport_leaves_them(bool postgres)
    {
        using var db = new StoreDatabase(postgres);
        var store = new PlaceStore(db.Database);
        await store.Initialize();
        var rows = RegistryFile.Read(RegistryFiles.Bytes(RegistryFiles.GsiShelters)).Rows;
        await store.Write(RegistryMerge.Apply([], rows).Written);
        var (opened, closed) = (DateTimeOffset.FromUnixTimeMilliseconds(1_796_000_000_000), DateTimeOffset.FromUnixTimeMilliseconds(1_796_100_000_000));

        Assert.True(await store.Record("1413010001", opened, opened: true));
        Assert.Equal(PlaceStatus.Open, (await store.Find("1413010001"))!.Status);
        Assert.True(await store.Record("1413010001", closed, opened: false));
        Assert.True(await store.SetCapacity("1413010001", 250));
        var changed = rows.Select(r => r with { Name = r.Name + "（体育館）" }).ToList();
        await store.Write(RegistryMerge.Apply(await store.Of(["141305"]), changed).Written);

        var place = (await store.Find("1413010001"))!;
        Assert.Equal((PlaceStatus.Closed, opened, closed, 250), (place.Status, place.OpenedAt!.Value, place.ClosedAt!.Value, place.Capacity!.Value));
        Assert.EndsWith("（体育館）", place.Name, StringComparison.Ordinal);
        Assert.False(await store.Record("no-such-place", opened, opened: true));
        Assert.Equal(PlaceStatus.NotOpened, (await store.Find("1413010002"))!.Status);
    }

    [Theory]
    [MemberData(nameof(StoreDatabase.Kinds), MemberType = typeof(StoreDatabase))]
    public async Task A_write_that_fails_part_way_leaves_nothing(bool postgres)
    {
        using var db = new StoreDatabase(postgres);
        var store = new PlaceStore(db.Database);
        await store.Initialize();
        var places = RegistryMerge.Apply([], RegistryFile.Read(RegistryFiles.Bytes(RegistryFiles.OdfEmergencySites)).Rows).Written.ToList();
        using var cancel = new CancellationTokenSource();
        var progress = new CancelAfterFirst(cancel);
        var many = Enumerable.Range(0, 12_000).Select(i => places[0] with { Id = $"p{i}" }).ToList();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => store.Write(many, progress, cancel.Token));

        Assert.Equal(0, await store.Count());
    }

    [Theory]
    [MemberData(nameof(StoreDatabase.Kinds), MemberType = typeof(StoreDatabase))]
    public async Task Pages_go_through_a_municipality_in_ID_order(bool postgres)
    {
        using var db = new StoreDatabase(postgres);
        var store = new PlaceStore(db.Database);
        await store.Initialize();
        await store.Write(RegistryMerge.Apply([], RegistryFile.Read(RegistryFiles.Bytes(RegistryFiles.GsiShelters)).Rows).Written);
        await store.Write(RegistryMerge.Apply([], RegistryFile.Read(RegistryFiles.Bytes(RegistryFiles.OdfShelters)).Rows).Written);

        var first = await store.Page("141305", after: null, limit: 3);
        var rest = await store.Page("141305", after: first[^1].Id, limit: 3);

        Assert.Equal(["1413010001", "1413010002", "1413010003"], first.Select(p => p.Id));
        Assert.Equal(["1413010004"], rest.Select(p => p.Id));
        Assert.Equal(6, (await store.Page(null, null, 100)).Count);
    }

    /// <summary>Cancels the write when it reports its first progress, which is after 5,000 rows are in its transaction.</summary>
    private sealed class CancelAfterFirst(CancellationTokenSource cancel) : IProgress<int>
    {
        public void Report(int value) => cancel.Cancel();
    }
}
