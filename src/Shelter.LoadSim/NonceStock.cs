using System.Collections.Concurrent;

namespace Shelter.LoadSim;

/// <summary>
/// Each reader's stock of server nonces, fetched ahead from the host as a station does (a batch at a time) and used
/// once each; a nonce near its expiry is dropped. When the host gives none, the tap is signed as an offline one.
/// </summary>
public sealed class NonceStock(HostClient client, string[] tokens)
{
    public const int Batch = 20;

    private static readonly TimeSpan Margin = TimeSpan.FromSeconds(15);

    private readonly ConcurrentDictionary<int, ConcurrentQueue<(byte[] Nonce, DateTimeOffset ExpiresAt)>> _stock = new();
    private long _fetches;

    /// <summary>How many nonce requests the readers made.</summary>
    public long Fetches => Interlocked.Read(ref _fetches);

    public async Task<byte[]?> Take(int reader)
    {
        var queue = _stock.GetOrAdd(reader, _ => new());
        for (var attempt = 0; attempt < 2; attempt++)
        {
            while (queue.TryDequeue(out var held))
            {
                if (held.ExpiresAt - DateTimeOffset.UtcNow > Margin)
                {
                    return held.Nonce;
                }
            }
            Interlocked.Increment(ref _fetches);
            if (await client.GetNonces(tokens[reader], Batch) is not { } batch)
            {
                return null;
            }
            foreach (var nonce in batch.Nonces)
            {
                queue.Enqueue((Convert.FromBase64String(nonce), batch.ExpiresAt));
            }
        }
        return null;
    }
}
