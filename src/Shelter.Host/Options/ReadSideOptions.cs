using System.ComponentModel.DataAnnotations;

namespace Shelter.Host.Options;

/// <summary>When a read-side part (the relay, the dashboard projection) counts as stalled or behind.</summary>
public sealed class ReadSideOptions
{
    public const string Section = "Shelter:ReadSide";

    /// <summary>A part holding unfinished events that has finished nothing for this long is stalled.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan StalledAfter { get; set; } = TimeSpan.FromSeconds(3);

    /// <summary>A part whose oldest unfinished event is older than this is behind (at a surge peak, every node is, for a while).</summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan BehindAfter { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>A part that stopped and has not run again for this long is down.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan DownAfter { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>How often the monitor samples the parts and logs what changed.</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:01:00")]
    public TimeSpan SampleEvery { get; set; } = TimeSpan.FromMilliseconds(500);
}
