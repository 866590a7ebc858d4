using Shelter.Credentials;
using Shelter.Credentials.DevPki;

namespace Shelter.LoadSim;

/// <summary>
/// The simulator's development CA and a pool of credential keys, kept in the cache folder (never in the repository).
/// RSA key generation is slow; with the pool cached a run starts in seconds, and each evacuee gets its own certificate
/// over a pooled key, which costs the host exactly what a distinct key would.
/// </summary>
public sealed class KeyPool
{
    private KeyPool(DevCertificateAuthority ca, List<DevCredential> rsa, List<DevCredential> ec)
    {
        Ca = ca;
        Rsa = rsa;
        Ec = ec;
    }

    public DevCertificateAuthority Ca { get; }

    public IReadOnlyList<DevCredential> Rsa { get; }

    public IReadOnlyList<DevCredential> Ec { get; }

    /// <summary>The pooled key behind a certificate the CA issued over it (a reissue), to sign with; null when none is.</summary>
    public DevCredential? SignerOf(byte[] certificateDer)
    {
        if (_byPublicKey is null)
        {
            var byKey = new Dictionary<string, DevCredential>(StringComparer.Ordinal);
            foreach (var holder in Rsa.Concat(Ec))
            {
                byKey[PublicKeyOf(holder.CertificateDer)] = holder;
            }
            _byPublicKey = byKey;
        }
        return _byPublicKey.GetValueOrDefault(PublicKeyOf(certificateDer));
    }

    private Dictionary<string, DevCredential>? _byPublicKey;

    private static string PublicKeyOf(byte[] certificateDer)
    {
        using var certificate = System.Security.Cryptography.X509Certificates.X509CertificateLoader.LoadCertificate(certificateDer);
        return Convert.ToBase64String(certificate.PublicKey.ExportSubjectPublicKeyInfo());
    }

    public static string CaCertificatePath(string cacheDirectory) => Path.Combine(cacheDirectory, "ca", "ca.crt");

    public static KeyPool LoadOrCreate(string cacheDirectory, int rsaKeys, int ecKeys, TextWriter log)
    {
        var caDir = Path.Combine(cacheDirectory, "ca");
        var keyDir = Path.Combine(cacheDirectory, "keys");
        Directory.CreateDirectory(caDir);
        Directory.CreateDirectory(keyDir);
        var caCert = Path.Combine(caDir, "ca.crt");
        var caKey = Path.Combine(caDir, "ca.key");
        DevCertificateAuthority ca;
        if (File.Exists(caCert) && File.Exists(caKey))
        {
            ca = DevCertificateAuthority.Load(File.ReadAllBytes(caCert), File.ReadAllText(caKey));
        }
        else
        {
            ca = DevCertificateAuthority.Create(unit: "Shelter load simulator CA");
            File.WriteAllBytes(caCert, ca.CertificateDer);
            OwnerOnlyFile.Write(caKey, ca.ExportPrivateKeyPem());
            foreach (var stale in Directory.GetFiles(keyDir))
            {
                File.Delete(stale);
            }
        }
        var rsa = Load(ca, keyDir, "rsa", rsaKeys, DevKeyKind.Rsa2048, log);
        var ec = Load(ca, keyDir, "p384", ecKeys, DevKeyKind.EcdsaP384, log);
        return new KeyPool(ca, rsa, ec);
    }

    /// <summary>A pool made in memory for a given CA (tests, which must not touch the user's cache).</summary>
    public static KeyPool InMemory(DevCertificateAuthority ca, int rsaKeys, int ecKeys) => new(ca,
        [.. Enumerable.Range(0, rsaKeys).Select(_ => ca.Issue())],
        [.. Enumerable.Range(0, ecKeys).Select(_ => ca.Issue(new DevIssueOptions { KeyKind = DevKeyKind.EcdsaP384 }))]);

    private static List<DevCredential> Load(DevCertificateAuthority ca, string dir, string prefix, int count, DevKeyKind kind, TextWriter log)
    {
        var pool = new List<DevCredential>();
        for (var i = 0; i < count; i++)
        {
            var cert = Path.Combine(dir, $"{prefix}-{i}.crt");
            var key = Path.Combine(dir, $"{prefix}-{i}.key");
            if (File.Exists(cert) && File.Exists(key))
            {
                pool.Add(DevCredential.Load(File.ReadAllBytes(cert), File.ReadAllText(key)));
                continue;
            }
            if (i == 0 || i % 8 == 0)
            {
                log.WriteLine($"key pool: generating {prefix} keys ({i}/{count}), once; cached in {dir}");
            }
            var credential = ca.Issue(new DevIssueOptions { KeyKind = kind });
            File.WriteAllBytes(cert, credential.CertificateDer);
            OwnerOnlyFile.Write(key, credential.ExportPrivateKeyPem());
            pool.Add(credential);
        }
        return pool;
    }

}
