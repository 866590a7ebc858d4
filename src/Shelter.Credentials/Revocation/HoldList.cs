using System.Collections.Concurrent;

namespace Shelter.Credentials.Revocation;

/// <summary>
/// Credentials the desk has put on hold (a lost phone, reported misuse), by fingerprint. A hold applies to every tap
/// whatever its reader-stated time, because a thief could backdate a tap. Kept in memory here; the check-in core
/// persists holds as events and replays them into this list.
/// </summary>
public sealed class HoldList : IRevocationSource
{
    private readonly ConcurrentDictionary<string, Hold> _holds = new(StringComparer.Ordinal);

    public sealed record Hold(string Fingerprint, string Reason, DateTimeOffset Since);

    public int Count => _holds.Count;

    public void Place(string fingerprint, string reason, DateTimeOffset since) => _holds[fingerprint] = new Hold(fingerprint, reason, since);

    public bool Lift(string fingerprint) => _holds.TryRemove(fingerprint, out _);

    public bool IsOnHold(string fingerprint) => _holds.ContainsKey(fingerprint);

    public IReadOnlyCollection<Hold> All => _holds.Values.ToArray();

    /// <summary>Reads fingerprints one per line (anything after whitespace is the reason; '#' starts a comment). Returns how many were placed.</summary>
    public int ImportFile(string path, DateTimeOffset since)
    {
        var placed = 0;
        foreach (var raw in File.ReadLines(path))
        {
            var line = raw.Split('#', 2)[0].Trim();
            if (line.Length == 0)
            {
                continue;
            }
            var parts = line.Split((char[]?)null, 2, StringSplitOptions.RemoveEmptyEntries);
            Place(parts[0], parts.Length > 1 ? parts[1] : "imported", since);
            placed++;
        }
        return placed;
    }

    public RevocationStatus Check(in CertificateIdentity certificate) =>
        _holds.ContainsKey(certificate.Fingerprint) ? RevocationStatus.OnHold : RevocationStatus.Good;
}
