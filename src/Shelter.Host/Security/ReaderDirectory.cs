using System.Collections.Concurrent;
using Akka.Actor;
using Akka.Hosting;
using Shelter.Actors;
using Shelter.Domain;

namespace Shelter.Host.Security;

/// <summary>
/// Finds a reader's registration for every tap request without asking its entity each time: registrations are cached
/// for a minute, so a re-registered token takes effect on every node within that time.
/// </summary>
public sealed class ReaderDirectory(IRequiredActor<ReaderRegion> readers, TimeProvider clock)
{
    private static readonly TimeSpan CacheFor = TimeSpan.FromMinutes(1);
    private readonly ConcurrentDictionary<string, (ReaderRegistered Reader, DateTimeOffset Until)> _cache = new(StringComparer.Ordinal);

    /// <summary>The reader a bearer token belongs to, or null when the token is unknown or wrong.</summary>
    public async Task<ReaderRegistered?> Authenticate(string? token)
    {
        var readerId = token is null ? null : ReaderToken.ReaderIdOf(token);
        if (readerId is null || !Identifiers.IsValid(readerId))
        {
            return null;
        }
        var now = clock.GetUtcNow();
        if (!_cache.TryGetValue(readerId, out var cached) || cached.Until < now || !ReaderToken.Matches(token!, cached.Reader.TokenHash))
        {
            var answer = await (await readers.GetAsync()).Ask<ReaderAnswer>(new GetReader(readerId), TimeSpan.FromSeconds(10));
            if (answer.Reader is null)
            {
                return null;
            }
            cached = (answer.Reader, now + CacheFor);
            _cache[readerId] = cached;
        }
        return ReaderToken.Matches(token!, cached.Reader.TokenHash) ? cached.Reader : null;
    }

    /// <summary>The outcome of registering a reader: the token (shown once) or why it was refused.</summary>
    public sealed record Registration(ReaderRegistered? Reader, string? Token, string? Error);

    public async Task<Registration> Register(string readerId, string shelterId)
    {
        var (token, hash) = ReaderToken.Create(readerId);
        var answer = await (await readers.GetAsync()).Ask<ReaderAnswer>(new RegisterReader(readerId, shelterId, hash), TimeSpan.FromSeconds(10));
        if (answer.Reader is not null)
        {
            _cache[readerId] = (answer.Reader, clock.GetUtcNow() + CacheFor);
            return new Registration(answer.Reader, token, null);
        }
        return new Registration(null, null, answer.Error);
    }
}
