using System.Reflection;
using Org.BouncyCastle.Asn1.X509;

namespace Shelter.Credentials;

/// <summary>
/// The roots a verifier trusts. Several J-LIS root generations share one subject DN, so an issuer is chosen by
/// key identifier and by a signature that verifies under its key, never by name alone.
/// </summary>
public sealed class TrustAnchors : IDisposable
{
    private readonly TrustAnchor[] _anchors;

    public TrustAnchors(IEnumerable<TrustAnchor> anchors) => _anchors = anchors.ToArray();

    public IReadOnlyList<TrustAnchor> All => _anchors;

    /// <summary>The public J-LIS user-authentication roots (generations 2015 and 2023), shipped inside this assembly.</summary>
    public static TrustAnchors JLisUserAuthentication() => new(JLisRootNames.Select(name => TrustAnchor.Load(ReadResource(name))));

    public static IReadOnlyList<string> JLisRootNames { get; } = ["jlis-auth-root-2015.der", "jlis-auth-root-2023.der"];

    public static TrustAnchors FromFiles(IEnumerable<string> paths) => new(paths.Select(path =>
    {
        try
        {
            return TrustAnchor.Load(File.ReadAllBytes(path));
        }
        catch (FormatException ex)
        {
            throw new FormatException($"trust anchor {Path.GetFileName(path)}: {ex.Message}", ex);
        }
    }));

    public TrustAnchors With(TrustAnchor anchor) => new(_anchors.Append(anchor));

    /// <summary>
    /// The anchor that signed <paramref name="signed"/> (a certificate's or a CRL's to-be-signed bytes): same name, same
    /// key identifier where both have one, and a signature that verifies under its key with an accepted hash. When none
    /// did and the algorithm was the reason, <paramref name="algorithmProblem"/> says so.
    /// </summary>
    public TrustAnchor? FindSigner(X509Name issuer, byte[]? authorityKeyIdentifier, AlgorithmIdentifier algorithm, byte[] signed, byte[] signature,
        out string? algorithmProblem)
    {
        algorithmProblem = null;
        foreach (var anchor in Candidates(issuer, authorityKeyIdentifier))
        {
            if (!IssuerSignatureAlgorithm.TryGetHash(algorithm, anchor.Key, out var hash, out var detail))
            {
                algorithmProblem = detail;
                continue;
            }
            if (anchor.Key.VerifyIssuerSignature(signed, signature, hash))
            {
                return anchor;
            }
        }
        return null;
    }

    private IEnumerable<TrustAnchor> Candidates(X509Name issuer, byte[]? authorityKeyIdentifier)
    {
        foreach (var anchor in _anchors)
        {
            if (!anchor.Subject.Equivalent(issuer, true))
            {
                continue;
            }
            if (authorityKeyIdentifier is not null && anchor.KeyIdentifier is not null && !authorityKeyIdentifier.AsSpan().SequenceEqual(anchor.KeyIdentifier))
            {
                continue;
            }
            yield return anchor;
        }
    }

    private static byte[] ReadResource(string name)
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream("Shelter.Credentials.Roots." + name)
            ?? throw new InvalidOperationException($"embedded root {name} is missing from the build");
        using var buffer = new MemoryStream();
        stream.CopyTo(buffer);
        return buffer.ToArray();
    }

    public void Dispose()
    {
        foreach (var anchor in _anchors)
        {
            anchor.Dispose();
        }
    }
}
