namespace Shelter.Credentials.Tests;

public sealed class BoundedCacheTests
{
    [Fact]
    public void Holds_at_most_its_capacity_and_keeps_what_is_used()
    {
        var cache = new BoundedCache<int, string>(10);
        var created = 0;
        string Create(int key)
        {
            Interlocked.Increment(ref created);
            return key.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }
        for (var i = 0; i < 1_000; i++)
        {
            Assert.Equal(i.ToString(System.Globalization.CultureInfo.InvariantCulture), cache.GetOrAdd(i, Create));
            // Key 0 is used all the time, so every rotation finds it promoted into the young generation.
            cache.GetOrAdd(0, Create);
            Assert.InRange(cache.Count, 1, 10);
        }
        Assert.Equal(1_000, created);
    }

    [Fact]
    public void Concurrent_use_stays_bounded()
    {
        var cache = new BoundedCache<int, int>(1_000);
        Parallel.For(0, 200_000, new ParallelOptions { MaxDegreeOfParallelism = 4 }, i => Assert.Equal(i % 5_000, cache.GetOrAdd(i % 5_000, k => k)));
        Assert.InRange(cache.Count, 1, 1_000 + 4);
    }
}
