using Microsoft.Extensions.Options;
using Shelter.Access;

namespace Shelter.Host.Access;

/// <summary>
/// A reader's contacts with the server, and the offline window they define (reader protocol v2): a request that got
/// every tap answered (or nonces) is a successful contact; a reader not heard from for longer than
/// <see cref="AccessOptions.OfflineAfter"/> was offline, and its offline taps must lie after its last successful
/// contact before that outage.
/// </summary>
public sealed class ReaderContacts(TokenDirectory tokens, IOptions<AccessOptions> options)
{
    private readonly TimeSpan _offlineAfter = options.Value.OfflineAfter;

    /// <summary>A reader's offline window for a request, and the contact before it that the window was worked out from.</summary>
    public sealed record Window(DateTimeOffset Since, TokenUse? Last);

    /// <summary>
    /// The reader's offline window for a request made at <paramref name="now"/>. A gap seen in what this node knows is
    /// checked against the store first, as the reader may have been talking to another node.
    /// </summary>
    public async Task<Window> OfflineSince(AccessToken token, DateTimeOffset now)
    {
        var last = await tokens.LastUse(token.Id);
        if (last is null || now - last.At > _offlineAfter)
        {
            last = await tokens.LastUse(token.Id, fresh: true);
        }
        return new Window(WindowStart(last, token.IssuedAt, now, _offlineAfter), last);
    }

    /// <summary>
    /// Records a successful contact made at <paramref name="at"/>, in <paramref name="window"/>; a request that said no
    /// backlog keeps the one the reader last gave.
    /// </summary>
    public void Succeeded(AccessToken token, DateTimeOffset at, Window window, string protocol, int? backlog) =>
        tokens.Used(token.Id, new TokenUse(at, protocol, backlog ?? window.Last?.Backlog, window.Since));

    /// <summary>
    /// The window start after a contact at <paramref name="now"/>: the previous contact if more than
    /// <paramref name="offlineAfter"/> passed since it, else the window start as it was. Registration is the first contact.
    /// </summary>
    public static DateTimeOffset WindowStart(TokenUse? last, DateTimeOffset issuedAt, DateTimeOffset now, TimeSpan offlineAfter)
    {
        var lastAt = last?.At ?? issuedAt;
        var since = last?.OfflineSince ?? issuedAt;
        return now - lastAt > offlineAfter && lastAt > since ? lastAt : since;
    }
}
