using System.Net;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Options;
using Shelter.Host.Options;
using Shelter.Protocol;

namespace Shelter.Host;

/// <summary>
/// How a node meets the network: Kestrel's limits set on purpose, HTTPS from Kestrel's own certificate configuration,
/// plain HTTP only on loopback unless a TLS proxy stands in front, and that proxy's forwarded headers.
/// </summary>
public static class Transport
{
    public static void AddShelterTransport(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<TransportOptions>().Bind(builder.Configuration.GetSection(TransportOptions.Section));
        builder.WebHost.ConfigureKestrel((context, kestrel) =>
        {
            kestrel.AddServerHeader = false;
            var limits = kestrel.Limits;
            // Thousands of readers each keep a connection to their node, and dashboards keep a socket each.
            limits.MaxConcurrentConnections = 20_000;
            limits.MaxConcurrentUpgradedConnections = 5_000;
            limits.MaxRequestBodySize = ReaderProtocol.MaxBodyBytes;
            limits.MaxRequestHeaderCount = 50;
            limits.MaxRequestHeadersTotalSize = 16 * 1024;
            limits.MaxRequestLineSize = 8 * 1024;
            // A body trickled slower than this is cut off with 408 instead of holding a connection for ever.
            limits.MinRequestBodyDataRate = new MinDataRate(240, TimeSpan.FromSeconds(5));
            limits.RequestHeadersTimeout = TimeSpan.FromSeconds(15);
            // Operators may change any of these under Kestrel:Limits; theirs win.
            context.Configuration.GetSection("Kestrel:Limits").Bind(limits);
        });
    }

    public static void UseShelterTransport(this WebApplication app)
    {
        var options = app.Services.GetRequiredService<IOptions<TransportOptions>>().Value;
        if (options.BehindTlsProxy)
        {
            var forwarded = new ForwardedHeadersOptions { ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto };
            foreach (var proxy in options.KnownProxies)
            {
                forwarded.KnownProxies.Add(IPAddress.Parse(proxy));
            }
            app.UseForwardedHeaders(forwarded);
        }
        if (!app.Environment.IsDevelopment())
        {
            app.UseHsts();
        }
    }

    /// <summary>Plain HTTP addresses beyond loopback, which a node without a TLS proxy must not serve.</summary>
    public static IReadOnlyList<string> ExposedPlainAddresses(IEnumerable<string> addresses, TransportOptions options) =>
        options.BehindTlsProxy ? [] : [.. addresses.Where(a => a.StartsWith("http://", StringComparison.OrdinalIgnoreCase) && !IsLoopback(a))];

    private static bool IsLoopback(string address)
    {
        var host = new Uri(address.Replace("://+", "://0.0.0.0", StringComparison.Ordinal).Replace("://*", "://0.0.0.0", StringComparison.Ordinal)).Host;
        return host == "localhost" || (IPAddress.TryParse(host.Trim('[', ']'), out var ip) && IPAddress.IsLoopback(ip));
    }
}
