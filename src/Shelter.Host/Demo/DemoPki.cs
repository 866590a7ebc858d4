using Microsoft.Extensions.Options;
using Shelter.Credentials;
using Shelter.Credentials.DevPki;
using Shelter.Host.Options;

namespace Shelter.Host.Demo;

/// <summary>
/// In demo mode, a development CA kept in the data folder (made on first run, never committed), so demo credentials
/// stay valid across restarts. Its root is trusted only because demo mode turns development mode on.
/// </summary>
public sealed class DemoPki
{
    private readonly Lazy<DevCertificateAuthority> _authority;

    public DemoPki(IOptions<ShelterOptions> options)
    {
        Enabled = options.Value.Demo;
        var folder = Path.Combine(options.Value.DataDirectory, "demo-ca");
        _authority = new Lazy<DevCertificateAuthority>(() => LoadOrCreate(folder));
    }

    public bool Enabled { get; }

    public DevCertificateAuthority Authority => _authority.Value;

    private static DevCertificateAuthority LoadOrCreate(string folder)
    {
        var certificate = Path.Combine(folder, "ca.crt");
        var key = Path.Combine(folder, "ca.key");
        if (File.Exists(certificate) && File.Exists(key))
        {
            return DevCertificateAuthority.Load(File.ReadAllBytes(certificate), File.ReadAllText(key));
        }
        Directory.CreateDirectory(folder);
        var authority = DevCertificateAuthority.Create(unit: "Shelter demo CA");
        File.WriteAllBytes(certificate, authority.CertificateDer);
        OwnerOnlyFile.Write(key, authority.ExportPrivateKeyPem());
        return authority;
    }
}
