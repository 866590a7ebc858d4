using System.Collections.Concurrent;
using Microsoft.Extensions.Options;
using Shelter.Access;
using Shelter.Credentials;

namespace Shelter.Host.Access;

/// <summary>Why a presented token was not accepted; a reason code the client reads.</summary>
public enum TokenRefusal
{
    None,
    Unknown,
    Revoked,
    Expired,
}

/// <summary>
/// Answers "whose token is this" for every request without asking the store each time. Known tokens are held until
/// a revocation (followed from the store every second) or a recheck; unknown IDs are remembered as unknown for a
/// while, so a stream of invented tokens costs one indexed read each per minute and a bounded amount of memory.
/// </summary>
public sealed class TokenDirectory
{
    private readonly AccessStore _store;
    private readonly BootstrapAdmin _bootstrap;
    private readonly TimeProvider _clock;
    private readonly AccessOptions _options;
    private readonly BoundedCache<string, (AccessToken Token, DateTimeOffset Until)> _known;
    private readonly BoundedCache<string, DateTimeOffset> _unknown;
    private readonly ConcurrentDictionary<string, TokenUse> _uses = new(StringComparer.Ordinal);
    private readonly BoundedCache<string, TokenUse> _contacts;

    public TokenDirectory(AccessStore store, BootstrapAdmin bootstrap, TimeProvider clock, IOptions<AccessOptions> options)
    {
        _store = store;
        _bootstrap = bootstrap;
        _clock = clock;
        _options = options.Value;
        _known = new(_options.CacheCapacity);
        _unknown = new(_options.CacheCapacity);
        _contacts = new(_options.CacheCapacity);
    }

    /// <summary>The live token that <paramref name="presented"/> is, or why it is not one.</summary>
    public async Task<(AccessToken? Token, TokenRefusal Refusal)> Authenticate(string presented)
    {
        if (!TokenSecret.TryParse(presented, out var role, out var id, out var digest))
        {
            return _bootstrap.Matches(presented) ? (_bootstrap.Token, TokenRefusal.None) : (null, TokenRefusal.Unknown);
        }
        if (role == AccessRole.Admin && _bootstrap.Matches(presented))
        {
            return (_bootstrap.Token, TokenRefusal.None);
        }
        var token = await Find(id);
        if (token is null || token.Role != role || !TokenSecret.SameDigest(digest, token.SecretHash))
        {
            return (null, TokenRefusal.Unknown);
        }
        return Check(token);
    }

    /// <summary>Whether the token behind a browser session is still live (a session carries the ID, never the secret).</summary>
    public async Task<(AccessToken? Token, TokenRefusal Refusal)> Current(string tokenId)
    {
        var token = tokenId == BootstrapAdmin.TokenId ? _bootstrap.Token : await Find(tokenId);
        return token is null ? (null, TokenRefusal.Unknown) : Check(token);
    }

    /// <summary>Raised with the IDs of tokens revoked anywhere, once this node has heard of it.</summary>
    public event Action<IReadOnlyCollection<string>>? Revoked;

    /// <summary>Drops revoked tokens from memory, so the next request reads them from the store, and tells whoever holds their sessions.</summary>
    public void Forget(IReadOnlyCollection<string> tokenIds)
    {
        foreach (var id in tokenIds)
        {
            _known.Remove(id);
        }
        if (tokenIds.Count > 0)
        {
            Revoked?.Invoke(tokenIds);
        }
    }

    /// <summary>Notes a use; the store hears of it at the next flush, so a request never waits for a write.</summary>
    public void Used(string tokenId, TokenUse use)
    {
        if (tokenId != BootstrapAdmin.TokenId)
        {
            _uses[tokenId] = use;
            _contacts.Set(tokenId, use);
        }
    }

    /// <summary>
    /// The latest use of a token this node knows of: its own (kept after the flush) or the store's as last read.
    /// <paramref name="fresh"/> reads the store again first, to see uses other nodes wrote since.
    /// </summary>
    public async Task<TokenUse?> LastUse(string tokenId, bool fresh = false)
    {
        var stored = (await Find(tokenId, fresh))?.LastUse;
        var own = _contacts.TryGet(tokenId, out var use) ? use : null;
        return own is null || (stored is not null && stored.At > own.At) ? stored : own;
    }

    public IReadOnlyCollection<(string TokenId, TokenUse Use)> TakeUses()
    {
        var taken = new List<(string, TokenUse)>(_uses.Count);
        foreach (var id in _uses.Keys)
        {
            if (_uses.TryRemove(id, out var use))
            {
                taken.Add((id, use));
            }
        }
        return taken;
    }

    /// <summary>Uses not yet flushed, so an admin listing sees a reader that called a second ago.</summary>
    public TokenUse? PendingUse(string tokenId) => _uses.TryGetValue(tokenId, out var use) ? use : null;

    private (AccessToken?, TokenRefusal) Check(AccessToken token)
    {
        var now = _clock.GetUtcNow();
        return token.RevokedAt is not null ? (null, TokenRefusal.Revoked)
            : token.ExpiresAt <= now ? (null, TokenRefusal.Expired)
            : (token, TokenRefusal.None);
    }

    /// <summary>The token as this node last read it, or as the store has it now when that read is stale or <paramref name="fresh"/> is asked.</summary>
    private async Task<AccessToken?> Find(string id, bool fresh = false)
    {
        var now = _clock.GetUtcNow();
        if (!fresh && _known.TryGet(id, out var known) && known.Until > now)
        {
            return known.Token;
        }
        if (!fresh && _unknown.TryGet(id, out var until) && until > now)
        {
            return null;
        }
        var token = await _store.Find(id);
        if (token is null)
        {
            _unknown.Set(id, now + _options.RememberUnknownFor);
        }
        else
        {
            _known.Set(id, (token, now + _options.RecheckKnownAfter));
        }
        return token;
    }
}
