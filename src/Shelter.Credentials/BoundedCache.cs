using System.Collections.Concurrent;

namespace Shelter.Credentials;

/// <summary>
/// A thread-safe cache that holds at most about <c>capacity</c> units: entries, or with a weight function, whatever
/// it counts (bytes). Two generations: lookups that hit the older one are promoted; when the young one fills, the old
/// one is dropped whole. That keeps recently used entries (the evacuees tapping now) without locks or per-entry
/// bookkeeping on the hot path.
/// </summary>
public sealed class BoundedCache<TKey, TValue>
    where TKey : notnull
{
    private readonly long _generationSize;
    private readonly Func<TValue, long>? _weigh;
    private readonly Lock _rotate = new();
    private volatile Generation _young = new();
    private volatile Generation _old = new();

    public BoundedCache(long capacity, Func<TValue, long>? weigh = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 2);
        _generationSize = capacity / 2;
        _weigh = weigh;
    }

    public int Count => _young.Entries.Count + _old.Entries.Count;

    /// <summary>The units held: entries, or the sum of the weights.</summary>
    public long Weight => Volatile.Read(ref _young.Weight) + Volatile.Read(ref _old.Weight);

    public TValue GetOrAdd(TKey key, Func<TKey, TValue> create)
    {
        if (_young.Entries.TryGetValue(key, out var value))
        {
            return value;
        }
        if (!_old.Entries.TryGetValue(key, out value))
        {
            value = create(key);
        }
        Add(key, value);
        return value;
    }

    public bool TryGet(TKey key, out TValue value)
    {
        if (_young.Entries.TryGetValue(key, out value!))
        {
            return true;
        }
        if (!_old.Entries.TryGetValue(key, out value!))
        {
            return false;
        }
        Add(key, value);
        return true;
    }

    /// <summary>Puts <paramref name="value"/> in place of whatever the key held.</summary>
    public void Set(TKey key, TValue value)
    {
        _old.Entries.TryRemove(key, out _);
        var young = _young;
        if (young.Entries.ContainsKey(key))
        {
            young.Entries[key] = value;
            return;
        }
        Add(key, value);
    }

    public void Remove(TKey key)
    {
        _young.Entries.TryRemove(key, out _);
        _old.Entries.TryRemove(key, out _);
    }

    private void Add(TKey key, TValue value)
    {
        var young = _young;
        if (!young.Entries.TryAdd(key, value) || Interlocked.Add(ref young.Weight, _weigh?.Invoke(value) ?? 1) < _generationSize)
        {
            return;
        }
        lock (_rotate)
        {
            if (ReferenceEquals(young, _young))
            {
                _old = young;
                _young = new Generation();
            }
        }
    }

    /// <summary>
    /// One generation and the weight it holds, kept apart because ConcurrentDictionary's own Count takes every bucket
    /// lock, and the cache would ask on every insert of a surge of new certificates.
    /// </summary>
    private sealed class Generation
    {
        public ConcurrentDictionary<TKey, TValue> Entries { get; } = new();

        public long Weight;
    }
}
