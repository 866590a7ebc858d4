namespace Shelter.Host.Options;

/// <summary>The <c>Shelter:Transport</c> section: where plain HTTP is allowed and which proxies are believed.</summary>
public sealed class TransportOptions
{
    public const string Section = "Shelter:Transport";

    /// <summary>
    /// Serve plain HTTP on addresses other than loopback. Only behind a TLS proxy (docs/operations.md): without it, a
    /// node listening on plain HTTP beyond loopback refuses to start, since tokens and taps would travel in clear.
    /// </summary>
    public bool BehindTlsProxy { get; set; }

    /// <summary>Addresses of the TLS proxies whose X-Forwarded-For and X-Forwarded-Proto are believed (loopback always is).</summary>
    public List<string> KnownProxies { get; set; } = [];
}
