using Org.BouncyCastle.Asn1;
using Org.BouncyCastle.Asn1.X509;
using Org.BouncyCastle.X509;

namespace Shelter.Credentials;

internal static class CertificateExtensions
{
    public static byte[]? SubjectKeyIdentifier(X509Certificate certificate)
    {
        var value = certificate.GetExtensionValue(X509Extensions.SubjectKeyIdentifier);
        return value is null ? null : Asn1OctetString.GetInstance(value.GetOctets()).GetOctets();
    }

    public static byte[]? AuthorityKeyIdentifier(X509Certificate certificate) => AuthorityKeyIdentifier(certificate.GetExtensionValue(X509Extensions.AuthorityKeyIdentifier));

    public static byte[]? AuthorityKeyIdentifier(Asn1OctetString? extension) =>
        extension is null ? null : Org.BouncyCastle.Asn1.X509.AuthorityKeyIdentifier.GetInstance(extension.GetOctets()).KeyIdentifier?.GetOctets();
}
