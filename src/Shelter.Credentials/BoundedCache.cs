using System.Collections.Concurrent;

namespace Shelter.Credentials;

/// <summary>
/// A thread-safe cache that holds at most about <c>capacity</c> entries. Two generations: lookups that hit the
/// older one are promoted; when the young one fills, the old one is dropped whole. That keeps recently used
/// entries (the evacuees tapping now) without locks or per-entry bookkeeping on the hot path.
/// </summary>
public sealed class BoundedCache<TKey, TValue>
    where TKey : notnull
{
    private readonly int _generationSize;
    private readonly Lock _rotate = new();
    private volatile ConcurrentDictionary<TKey, TValue> _young = new();
    private volatile ConcurrentDictionary<TKey, TValue> _old = new();

    public BoundedCache(int capacity)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 2);
        _generationSize = capacity / 2;
    }

    public int Count => _young.Count + _old.Count;

    public TValue GetOrAdd(TKey key, Func<TKey, TValue> create)
    {
        if (_young.TryGetValue(key, out var value))
        {
            return value;
        }
        if (!_old.TryGetValue(key, out value))
        {
            value = create(key);
        }
        Add(key, value);
        return value;
    }

    private void Add(TKey key, TValue value)
    {
        var young = _young;
        young[key] = value;
        if (young.Count < _generationSize)
        {
            return;
        }
        lock (_rotate)
        {
            if (ReferenceEquals(young, _young))
            {
                _old = young;
                _young = new ConcurrentDictionary<TKey, TValue>();
            }
        }
    }
}
