using System.Buffers.Binary;
using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;
using Shelter.Credentials;
using Shelter.Host.Options;
using Shelter.Protocol;

namespace Shelter.Host.Taps;

/// <summary>What a tap's nonce is, as far as the server can tell.</summary>
public enum NonceKind
{
    /// <summary>16 bytes the station made: an offline tap.</summary>
    Station,

    /// <summary>A server nonce issued to this reader and not yet expired: an online tap.</summary>
    Server,

    /// <summary>A server nonce of this reader that expired before the tap arrived: judged as an offline tap.</summary>
    Expired,

    /// <summary>Not a nonce any node issued to this reader (another reader's, or made up).</summary>
    Foreign,

}

/// <summary>
/// Server nonces for online taps (reader protocol v2): 32 bytes that bind one reader and an expiry under a MAC with a
/// key every node shares, so any node verifies one without asking another. Single use is kept per node: a nonce claimed
/// by one tap ID is refused with another until it expires; the same tap sent again passes, to get its duplicate answer.
/// </summary>
public sealed class ServerNonces
{
    public const int Length = TapChallenge.ServerNonceLength;
    private const byte Version = 0x02;
    private const int MacOffset = 16;
    private static readonly byte[] Label = "shelter-nonce/v1\n"u8.ToArray();

    private readonly byte[] _key;
    private readonly TimeProvider _clock;
    private readonly TimeSpan _lifetime;
    private readonly ConcurrentDictionary<string, (string TapId, DateTimeOffset Expires)> _used = new(StringComparer.Ordinal);
    private long _claims;

    public ServerNonces(IOptions<ShelterOptions> options, TimeProvider clock)
    {
        _key = KeyOf(options.Value);
        _clock = clock;
        _lifetime = options.Value.ServerNonceLifetime;
    }

    public TimeSpan Lifetime => _lifetime;

    /// <summary><paramref name="count"/> fresh nonces for <paramref name="readerId"/>, all expiring at the returned time.</summary>
    public (byte[][] Nonces, DateTimeOffset ExpiresAt) Issue(string readerId, int count)
    {
        var expires = _clock.GetUtcNow() + _lifetime;
        var nonces = new byte[count][];
        for (var i = 0; i < count; i++)
        {
            var nonce = new byte[Length];
            nonce[0] = Version;
            BinaryPrimitives.WriteInt64BigEndian(nonce.AsSpan(1, 8), expires.ToUnixTimeSeconds());
            RandomNumberGenerator.Fill(nonce.AsSpan(9, MacOffset - 9));
            Mac(readerId, nonce.AsSpan(0, MacOffset)).AsSpan(0, Length - MacOffset).CopyTo(nonce.AsSpan(MacOffset));
            nonces[i] = nonce;
        }
        return (nonces, DateTimeOffset.FromUnixTimeSeconds(expires.ToUnixTimeSeconds()));
    }

    /// <summary>What a tap's nonce is for <paramref name="readerId"/>; changes nothing.</summary>
    public NonceKind Classify(string readerId, ReadOnlySpan<byte> nonce)
    {
        if (nonce.Length != Length)
        {
            return NonceKind.Station;
        }
        var mac = Mac(readerId, nonce[..MacOffset]);
        if (nonce[0] != Version || !CryptographicOperations.FixedTimeEquals(mac.AsSpan(0, Length - MacOffset), nonce[MacOffset..]))
        {
            return NonceKind.Foreign;
        }
        return ExpiryOf(nonce) <= _clock.GetUtcNow() ? NonceKind.Expired : NonceKind.Server;
    }

    /// <summary>
    /// Marks a fresh server nonce used by <paramref name="tapId"/> (called once its signature verified, so a forged tap
    /// cannot burn a station's nonce); false when another tap used it first.
    /// </summary>
    public bool Claim(ReadOnlySpan<byte> nonce, string tapId)
    {
        var now = _clock.GetUtcNow();
        if (Interlocked.Increment(ref _claims) % 4096 == 0)
        {
            foreach (var (key, use) in _used)
            {
                if (use.Expires <= now)
                {
                    _used.TryRemove(key, out _);
                }
            }
        }
        return _used.GetOrAdd(Convert.ToBase64String(nonce), (tapId, ExpiryOf(nonce))).TapId == tapId;
    }

    private static DateTimeOffset ExpiryOf(ReadOnlySpan<byte> nonce) =>
        DateTimeOffset.FromUnixTimeSeconds(BinaryPrimitives.ReadInt64BigEndian(nonce.Slice(1, 8)));

    private byte[] Mac(string readerId, ReadOnlySpan<byte> body)
    {
        var reader = Encoding.UTF8.GetBytes(readerId + "\n");
        byte[] message = [.. Label, .. reader, .. body];
        return HMACSHA256.HashData(_key, message);
    }

    /// <summary>The configured key (base64, every node of a cluster the same), or one kept in the data folder for a single node.</summary>
    private static byte[] KeyOf(ShelterOptions options)
    {
        if (!string.IsNullOrWhiteSpace(options.ServerNonceKey))
        {
            return Convert.FromBase64String(options.ServerNonceKey);
        }
        var file = Path.Combine(options.DataDirectory, "server-nonce.key");
        if (File.Exists(file))
        {
            return Convert.FromBase64String(File.ReadAllText(file).Trim());
        }
        var key = RandomNumberGenerator.GetBytes(32);
        Directory.CreateDirectory(options.DataDirectory);
        OwnerOnlyFile.Write(file, Convert.ToBase64String(key) + Environment.NewLine);
        return key;
    }
}
