using System.ComponentModel.DataAnnotations;

namespace Shelter.Host.Access;

/// <summary>The <c>Shelter:Access</c> configuration section: lifetimes, caches and per-token rate limits.</summary>
public sealed class AccessOptions : IValidatableObject
{
    public const string Section = "Shelter:Access";

    /// <summary>How long a reader registration code stays valid.</summary>
    [Range(typeof(TimeSpan), "00:01:00", "1.00:00:00")]
    public TimeSpan RegistrationCodeLifetime { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>How long a browser session lasts without use (it slides while the page is open).</summary>
    [Range(typeof(TimeSpan), "00:05:00", "7.00:00:00")]
    public TimeSpan SessionLifetime { get; set; } = TimeSpan.FromHours(12);

    /// <summary>How often each node reads the revocations other nodes made.</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:01:00")]
    public TimeSpan FollowRevocationsEvery { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>A known token is read from the store again after this long, even when no revocation was seen.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan RecheckKnownAfter { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>An unknown token ID is answered from memory for this long instead of asking the store again.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan RememberUnknownFor { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>Known and unknown token IDs held in memory, each.</summary>
    [Range(100, 10_000_000)]
    public int CacheCapacity { get; set; } = 20_000;

    /// <summary>How often last-used times are written to the store.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan RecordUseEvery { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// A reader not heard from for longer than this was offline: its last contact before the gap starts the window its
    /// offline taps must lie in. Longer than <see cref="RecordUseEvery"/>, so that no node mistakes another node's
    /// unwritten contact for an outage.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:02", "1.00:00:00")]
    public TimeSpan OfflineAfter { get; set; } = TimeSpan.FromMinutes(2);

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (OfflineAfter <= RecordUseEvery)
        {
            yield return new ValidationResult($"{nameof(OfflineAfter)} ({OfflineAfter}) must be longer than {nameof(RecordUseEvery)} ({RecordUseEvery}).",
                [nameof(OfflineAfter)]);
        }
    }

    /// <summary>Requests per second one reader token may make, sustained; <see cref="ReaderBurst"/> at once.</summary>
    [Range(1, 100_000)]
    public int ReaderRequestsPerSecond { get; set; } = 20;

    [Range(1, 100_000)]
    public int ReaderBurst { get; set; } = 60;

    /// <summary>Requests per second an admin token may make (provisioning scripts open shelters and register thousands of readers); <see cref="AdminBurst"/> at once.</summary>
    [Range(1, 100_000)]
    public int AdminRequestsPerSecond { get; set; } = 1000;

    [Range(1, 100_000)]
    public int AdminBurst { get; set; } = 2000;

    /// <summary>Requests per second one person's token (desk, enquiry, viewer) may make; <see cref="PersonBurst"/> at once.</summary>
    [Range(1, 100_000)]
    public int PersonRequestsPerSecond { get; set; } = 50;

    [Range(1, 100_000)]
    public int PersonBurst { get; set; } = 200;

    /// <summary>Requests per second from one address without a token (sign-in, reader registration).</summary>
    [Range(1, 100_000)]
    public int AnonymousRequestsPerSecond { get; set; } = 5;

    [Range(1, 100_000)]
    public int AnonymousBurst { get; set; } = 20;
}
