using Shelter.Tooling;

namespace Shelter.LoadSim;

/// <summary>What to simulate and against which host.</summary>
public sealed record SimOptions
{
    public const string Usage = """
        shelter-loadsim --url URL [--url URL …] (--admin-token TOKEN | --admin-token-file FILE) [--shelters 50] [--readers 2000] [--evacuees 40000]
                        [--duration 60] [--rate 0] [--concurrency 96] [--bad-share 0.02] [--offline-share 0.05]
                        [--duplicate-share 0.02] [--cache DIR] [--summary FILE] [--seed 1] [--tls-root FILE] [--municipality loadsim]
                        [--protocol v1|v2] [--certificate-only-share 0] [--sign-live] [--linked-share 0] [--no-links]
          --prepare-only builds and caches the signed corpus, then exits.
          --rate 0 sends at full speed; otherwise taps per second. Credentials and signed taps are cached in --cache
          (default ~/.cache/shelter-loadsim); the host must trust the simulator's CA: --print-ca prints its path.
          --protocol v2 signs each tap when it is made, at the time it is made: online with server nonces fetched from
          the host, offline readers with their own nonces; --certificate-only-share sends that share of v2 meals and
          pickups from the certificate alone, at shelters opened to take them. --sign-live makes v1 sign each tap when
          it is made too, so that a v1 run costs the simulator what a v2 run does (ops/bench-protocol.sh).
        """;

    /// <summary>The nodes to drive; each reader sends to one of them, admin calls and reconciliation go to the first.</summary>
    public required IReadOnlyList<Uri> Urls { get; init; }

    public required string AdminToken { get; init; }

    public int Shelters { get; init; } = 50;

    public int Readers { get; init; } = 2000;

    public int Evacuees { get; init; } = 40_000;

    public TimeSpan Duration { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>Taps per second to aim for; 0 is as fast as the host answers.</summary>
    public int Rate { get; init; }

    /// <summary>Requests in flight at once (readers waiting for an answer).</summary>
    public int Concurrency { get; init; } = 96;

    public double BadShare { get; init; } = 0.02;

    public double OfflineShare { get; init; } = 0.05;

    public double DuplicateShare { get; init; } = 0.02;

    /// <summary>The reader protocol version spoken: v1 plays the corpus's pre-signed taps; v2 signs each tap as it is made.</summary>
    public string Protocol { get; init; } = Shelter.Protocol.ReaderProtocol.V1;

    /// <summary>Sign each tap when it is made, in v1 as well (v2 always does).</summary>
    public bool SignLive { get; init; }

    /// <summary>(v2) The share of meals and pickups sent from the certificate alone; shelters are opened to take them when above 0.</summary>
    public double CertificateOnlyShare { get; init; }

    /// <summary>
    /// The share of card and phone holders the desk links to a registered person before the run (each after one
    /// check-in tap, as a desk finds a provisional evacuee), and the share of temporary cards issued to one of them as
    /// a second credential.
    /// </summary>
    public double LinkedShare { get; init; }

    /// <summary>
    /// Play the first taps of the people <see cref="LinkedShare"/> chooses but link nobody: the baseline a linked run is
    /// compared with, so both measure the same taps and differ only in the links.
    /// </summary>
    public bool NoLinks { get; init; }

    public string CacheDirectory { get; init; } = DefaultCache;

    public string? SummaryPath { get; init; }

    public int Seed { get; init; } = 1;

    public string Municipality { get; init; } = "loadsim";

    /// <summary>For HTTPS with a private CA: the root certificate (PEM or DER) that signed the nodes' certificates, the only one trusted.</summary>
    public string? TlsRoot { get; init; }

    /// <summary>Print a progress line every second (off in tests).</summary>
    public bool Progress { get; init; } = true;

    public static string DefaultCache => Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache", "shelter-loadsim");

    public static SimOptions Parse(Arguments arguments) => new()
    {
        Urls = arguments.All("--url").Count == 0
            ? throw new UsageException("--url is required (repeat it for each node of a cluster)")
            : [.. arguments.All("--url").Select(u => Uri.TryCreate(u, UriKind.Absolute, out var url) ? url : throw new UsageException($"--url '{u}' must be an absolute URL"))],
        AdminToken = arguments.Optional("--admin-token")
            ?? (arguments.Optional("--admin-token-file") is { } file ? File.ReadAllText(file).Trim() : throw new UsageException("--admin-token or --admin-token-file is required")),
        Shelters = arguments.Int("--shelters", 50, 1, 10_000),
        Readers = arguments.Int("--readers", 2000, 1, 100_000),
        Evacuees = arguments.Int("--evacuees", 40_000, 1, 5_000_000),
        Duration = TimeSpan.FromSeconds(arguments.Int("--duration", 60, 1, 24 * 3600)),
        Rate = arguments.Int("--rate", 0, 0, 1_000_000),
        Concurrency = arguments.Int("--concurrency", 96, 1, 10_000),
        BadShare = arguments.Fraction("--bad-share", 0.02),
        OfflineShare = arguments.Fraction("--offline-share", 0.05),
        DuplicateShare = arguments.Fraction("--duplicate-share", 0.02),
        CacheDirectory = arguments.Optional("--cache") ?? DefaultCache,
        SummaryPath = arguments.Optional("--summary"),
        Seed = arguments.Int("--seed", 1),
        Municipality = arguments.Optional("--municipality") ?? "loadsim",
        TlsRoot = arguments.Optional("--tls-root"),
        Protocol = arguments.Optional("--protocol") switch
        {
            null or Shelter.Protocol.ReaderProtocol.V1 => Shelter.Protocol.ReaderProtocol.V1,
            Shelter.Protocol.ReaderProtocol.V2 => Shelter.Protocol.ReaderProtocol.V2,
            var other => throw new UsageException($"--protocol '{other}' must be v1 or v2"),
        },
        CertificateOnlyShare = arguments.Fraction("--certificate-only-share", 0),
        LinkedShare = arguments.Fraction("--linked-share", 0),
        NoLinks = arguments.Flag("--no-links"),
        SignLive = arguments.Flag("--sign-live"),
    };
}
