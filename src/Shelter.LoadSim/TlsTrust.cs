using System.Net.Security;
using System.Security.Cryptography.X509Certificates;

namespace Shelter.LoadSim;

/// <summary>HTTPS against a node whose certificate a private root signed (a test or site CA): that root, and nothing else, is trusted.</summary>
public static class TlsTrust
{
    public static RemoteCertificateValidationCallback Only(X509Certificate2 root) => (_, certificate, _, errors) =>
    {
        if (certificate is null || errors.HasFlag(SslPolicyErrors.RemoteCertificateNameMismatch) || errors.HasFlag(SslPolicyErrors.RemoteCertificateNotAvailable))
        {
            return false;
        }
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(root);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        return chain.Build(new X509Certificate2(certificate));
    };

    public static X509Certificate2 Load(string pemOrDerFile) => X509CertificateLoader.LoadCertificateFromFile(pemOrDerFile);
}
