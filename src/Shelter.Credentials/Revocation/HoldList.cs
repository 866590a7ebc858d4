using System.Collections.Concurrent;

namespace Shelter.Credentials.Revocation;

/// <summary>
/// Credentials the desk has put on hold (a lost phone, reported misuse), by fingerprint, each since a time (an offline
/// tap made before it is accepted and flagged) or for every tap whatever its time (<see cref="Hold.Since"/> null).
/// Kept in memory here; the check-in core persists holds as events and replays them into this list.
/// </summary>
public sealed class HoldList : IRevocationSource
{
    private readonly ConcurrentDictionary<string, Hold> _holds = new(StringComparer.Ordinal);

    public sealed record Hold(string Fingerprint, string Reason, DateTimeOffset? Since);

    public int Count => _holds.Count;

    public void Place(string fingerprint, string reason, DateTimeOffset? since) => _holds[fingerprint] = new Hold(fingerprint, reason, since);

    public bool Lift(string fingerprint) => _holds.TryRemove(fingerprint, out _);

    public bool IsOnHold(string fingerprint) => _holds.ContainsKey(fingerprint);

    public IReadOnlyCollection<Hold> All => _holds.Values.ToArray();

    /// <summary>
    /// Reads fingerprints one per line: <c>fingerprint [since] [reason]</c>, where <c>since</c> is an RFC 3339 UTC time
    /// (<c>2026-11-24T03:00:00Z</c>) from which the hold applies; without it, the hold applies to every tap. '#' starts
    /// a comment. Returns how many were placed.
    /// </summary>
    public int ImportFile(string path)
    {
        var placed = 0;
        foreach (var raw in File.ReadLines(path))
        {
            var line = raw.Split('#', 2)[0].Trim();
            if (line.Length == 0)
            {
                continue;
            }
            var parts = line.Split((char[]?)null, 3, StringSplitOptions.RemoveEmptyEntries);
            DateTimeOffset? since = parts.Length > 1 && Protocol.TapTime.TryParse(parts[1], out var at) ? at : null;
            var reason = string.Join(' ', parts.Skip(since is null ? 1 : 2));
            Place(parts[0], reason.Length > 0 ? reason : "imported", since);
            placed++;
        }
        return placed;
    }

    public RevocationCheck Check(in CertificateIdentity certificate) =>
        _holds.TryGetValue(certificate.Fingerprint, out var hold) ? new RevocationCheck(RevocationStatus.OnHold, hold.Since) : RevocationCheck.Good;
}
