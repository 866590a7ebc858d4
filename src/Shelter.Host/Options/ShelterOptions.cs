using System.ComponentModel.DataAnnotations;
using Shelter.Protocol;

namespace Shelter.Host.Options;

/// <summary>The <c>Shelter</c> configuration section.</summary>
public sealed class ShelterOptions
{
    public const string Section = "Shelter";

    /// <summary>Bearer token for administration. Empty: the host makes one at start and prints it.</summary>
    public string? AdminToken { get; set; }

    /// <summary>Bearer token for read-only viewers (dashboard, queries). The admin token also works.</summary>
    public string? ViewerToken { get; set; }

    /// <summary>Where the SQLite journal and demo files live.</summary>
    public string DataDirectory { get; set; } = "data";

    /// <summary>Open demo shelters and play a trickle of taps from development credentials.</summary>
    public bool Demo { get; set; }

    /// <summary>The disaster's name (災害名) that status reports carry in their header, such as "令和8年〇〇地震".</summary>
    [System.ComponentModel.DataAnnotations.StringLength(200)]
    public string? DisasterName { get; set; }

    public int MaxTapsPerRequest { get; set; } = ReaderProtocol.MaxTapsPerRequest;

    public TimeSpan MaxClockAhead { get; set; } = TimeSpan.FromMinutes(5);

    public TimeSpan MaxTapAge { get; set; } = TimeSpan.FromDays(7);

    /// <summary>
    /// The key server nonces are MAC'd with: base64 of at least 32 bytes, the same on every node of a cluster. Empty: a
    /// key made at first start and kept in the data folder (<c>server-nonce.key</c>), for a single node.
    /// </summary>
    [ServerNonceKey]
    public string? ServerNonceKey { get; set; }

    /// <summary>How long a server nonce stays good; a tap carrying an older one is judged as an offline tap.</summary>
    [Range(typeof(TimeSpan), "00:00:10", "01:00:00")]
    public TimeSpan ServerNonceLifetime { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>Whether readers may still post protocol-v1 taps (those that never used v2). Off: v1 is refused (<c>protocol-disabled</c>).</summary>
    public bool AcceptProtocolV1 { get; set; } = true;

    /// <summary>How long a tap may wait for its evacuee entity before the reader is told to retry.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:05:00")]
    public TimeSpan TapTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>How long a tap waits for its evacuee entity before it is sent to it again (within <see cref="TapTimeout"/>).</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:01:00")]
    public TimeSpan TapResendAfter { get; set; } = TimeSpan.FromSeconds(2);
}

/// <summary>The <c>Shelter:Credentials</c> configuration section.</summary>
public sealed class CredentialOptions
{
    public const string Section = "Shelter:Credentials";

    /// <summary>Root certificate files (DER or PEM). Empty: the public J-LIS user-authentication roots.</summary>
    public List<string> TrustAnchors { get; set; } = [];

    /// <summary>Development mode: accept test cards and the dev CA (<c>O=JPKI-TEST</c>).</summary>
    public bool AllowTestRoots { get; set; }

    /// <summary>CRL files (DER or PEM) imported at start.</summary>
    public List<string> CrlFiles { get; set; } = [];

    /// <summary>A file of held credential fingerprints, one per line, imported at start.</summary>
    public string? HoldListFile { get; set; }

    /// <summary>Memory for remembered certificate checks (bytes, as estimated); see CredentialVerifierOptions.ChainCacheBytes.</summary>
    [System.ComponentModel.DataAnnotations.Range(1024 * 1024, 64L * 1024 * 1024 * 1024)]
    public long ChainCacheBytes { get; set; } = 256L * 1024 * 1024;

    /// <summary>Memory for remembered refusals (bytes, as estimated); see CredentialVerifierOptions.RefusedCacheBytes.</summary>
    [System.ComponentModel.DataAnnotations.Range(64 * 1024, 4L * 1024 * 1024 * 1024)]
    public long RefusedCacheBytes { get; set; } = 16L * 1024 * 1024;
}
