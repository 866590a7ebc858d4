using Microsoft.Extensions.Options;
using Shelter.Access;

namespace Shelter.Host.Access;

/// <summary>Issuing, listing and revoking tokens, and the life of a reader as a device: a code, a token, disabled when lost.</summary>
public sealed class AccessService(AccessStore store, TokenDirectory directory, TimeProvider clock, IOptions<AccessOptions> options)
{
    /// <summary>A token just made; its text exists only in this answer.</summary>
    public sealed record Issued(AccessToken Token, string Text);

    /// <summary>A reader's token, or why it could not be issued (the reader ID belongs to another shelter).</summary>
    public sealed record ReaderIssue(Issued? Issued, string? OtherShelter);

    public async Task<Issued> Issue(AccessRole role, string name, AccessScope scope, string issuedBy, DateTimeOffset? expiresAt)
    {
        var (id, text, hash) = TokenSecret.Create(role);
        var token = new AccessToken(id, role, name, scope, hash, clock.GetUtcNow(), issuedBy, expiresAt);
        await store.Add(token);
        return new Issued(token, text);
    }

    /// <summary>Gives a reader its token; any earlier token of the same reader stops working (a re-registered tablet replaces the old one).</summary>
    public async Task<ReaderIssue> IssueReader(string shelterId, string readerId, string issuedBy)
    {
        if (await BoundElsewhere(shelterId, readerId) is { } other)
        {
            return new ReaderIssue(null, other);
        }
        await Revoke(null, readerId, issuedBy);
        var issued = await Issue(AccessRole.Reader, "reader " + readerId, new AccessScope(ShelterId: shelterId, ReaderId: readerId), issuedBy, null);
        return new ReaderIssue(issued, null);
    }

    public async Task<(string? Code, DateTimeOffset ExpiresAt, string? OtherShelter)> IssueCode(string shelterId, string readerId, string issuedBy)
    {
        var expires = clock.GetUtcNow() + options.Value.RegistrationCodeLifetime;
        if (await BoundElsewhere(shelterId, readerId) is { } other)
        {
            return (null, expires, other);
        }
        var (code, hash) = RegistrationCodes.Create();
        await store.AddCode(hash, new RegistrationCode(shelterId, readerId, expires, issuedBy));
        return (code, expires, null);
    }

    /// <summary>Exchanges a registration code, once, for the reader's token; null when the code is unknown, used or expired.</summary>
    public async Task<ReaderIssue?> Enrol(string typedCode)
    {
        if (RegistrationCodes.HashOf(typedCode) is not { } hash || await store.Redeem(hash, clock.GetUtcNow()) is not { } code)
        {
            return null;
        }
        return await IssueReader(code.ShelterId, code.ReaderId, $"registration code from {code.IssuedBy}");
    }

    /// <summary>Revokes one token, or every live token of a reader; this node forgets them at once, the others within a second.</summary>
    public async Task<int> Revoke(string? tokenId, string? readerId, string by)
    {
        var revoked = await store.Revoke(tokenId, readerId, by, clock.GetUtcNow());
        directory.Forget(revoked);
        return revoked.Count;
    }

    public async Task<IReadOnlyList<AccessToken>> List(AccessRole? role, string? shelterId = null) =>
        [.. (await store.List(role, shelterId)).Select(t => directory.PendingUse(t.Id) is { } use ? t with { LastUse = use } : t)];

    public Task<AccessToken?> Find(string tokenId) => store.Find(tokenId);

    private async Task<string?> BoundElsewhere(string shelterId, string readerId) =>
        await store.ShelterOfReader(readerId) is { } bound && bound != shelterId ? bound : null;
}
