using System.ComponentModel.DataAnnotations;

namespace Shelter.Station;

/// <summary>The station's settings (section <c>Station</c> of <c>station.json</c>, a <c>--config</c> file, or <c>--server</c>/<c>--port</c>).</summary>
public sealed class StationOptions : IValidatableObject
{
    public const string Section = "Station";

    /// <summary>The Shelter server (any node of the cluster). Plain HTTP is refused beyond loopback: the reader token would travel in clear.</summary>
    [Required]
    public Uri? Server { get; set; }

    /// <summary>The screen's port on 127.0.0.1 (0: any free one, written to the screen-url file).</summary>
    [Range(0, 65535)]
    public int Port { get; set; } = 5180;

    /// <summary>The token, the outbox and the screen's start link; created readable by the owner only.</summary>
    [Required]
    public string DataDirectory { get; set; } = "data";

    /// <summary>How long an answered tap stays in the outbox (for the duplicate hint) before it is deleted.</summary>
    public TimeSpan KeepAnsweredFor { get; set; } = TimeSpan.FromHours(12);

    /// <summary>How long the PIN pad waits for the person before the tap is cancelled.</summary>
    public TimeSpan PinTimeout { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>
    /// How long a tap stays on the screen as the one being answered: an answer within it changes the banner; a refusal
    /// after it (the person has gone) goes to the needs-attention list.
    /// </summary>
    public TimeSpan AnswerShownFor { get; set; } = TimeSpan.FromSeconds(20);

    /// <summary>Whether an unregistered station reads the registration code from standard input (as well as its screen).</summary>
    public bool CodeFromStandardInput { get; set; } = true;

    /// <summary>Use only the PC/SC reader whose name contains this (empty: every reader).</summary>
    public string? Reader { get; set; }

    /// <summary>A virtual reader on the screen instead of PC/SC, with cards made from the host demo's CA.</summary>
    public bool Demo { get; set; }

    /// <summary>The host demo's CA folder (<c>ca.crt</c>, <c>ca.key</c>), relative to the working directory.</summary>
    public string DemoAuthority { get; set; } = "../Shelter.Host/data/demo-ca";

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (Server is null)
        {
            yield break;
        }
        if (!Server.IsAbsoluteUri || Server.Scheme is not ("http" or "https"))
        {
            yield return new ValidationResult("Station:Server must be an absolute http or https URL.", [nameof(Server)]);
        }
        else if (Server.Scheme == "http" && !Server.IsLoopback)
        {
            yield return new ValidationResult($"Station:Server {Server} is plain HTTP beyond this machine: the reader token and taps would travel in clear. Use https.", [nameof(Server)]);
        }
        if (PinTimeout < TimeSpan.FromSeconds(10) || PinTimeout > TimeSpan.FromMinutes(10))
        {
            yield return new ValidationResult("Station:PinTimeout must be 10 s to 10 min.", [nameof(PinTimeout)]);
        }
        if (KeepAnsweredFor < TimeSpan.Zero || KeepAnsweredFor > TimeSpan.FromDays(7))
        {
            yield return new ValidationResult("Station:KeepAnsweredFor must be 0 to 7 days: the station must not become a store of identifiers.", [nameof(KeepAnsweredFor)]);
        }
        if (AnswerShownFor < TimeSpan.FromSeconds(1))
        {
            yield return new ValidationResult("Station:AnswerShownFor must be at least 1 s.", [nameof(AnswerShownFor)]);
        }
    }
}
