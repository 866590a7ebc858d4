using System.Security.Cryptography;
using Org.BouncyCastle.Asn1.Pkcs;
using Org.BouncyCastle.Asn1.X509;
using Org.BouncyCastle.Asn1.X9;

namespace Shelter.Credentials;

/// <summary>Which hash an issuer's signature (on a certificate or a CRL) uses; SHA-1, MD5 and anything unknown are refused.</summary>
internal static class IssuerSignatureAlgorithm
{
    public static bool TryGetHash(AlgorithmIdentifier algorithm, SignatureKey issuerKey, out HashAlgorithmName hash, out string detail)
    {
        var oid = algorithm.Algorithm;
        detail = string.Empty;
        hash = default;
        if (issuerKey.IsRsa)
        {
            if (oid.Equals(PkcsObjectIdentifiers.Sha256WithRsaEncryption)) { hash = HashAlgorithmName.SHA256; return true; }
            if (oid.Equals(PkcsObjectIdentifiers.Sha384WithRsaEncryption)) { hash = HashAlgorithmName.SHA384; return true; }
            if (oid.Equals(PkcsObjectIdentifiers.Sha512WithRsaEncryption)) { hash = HashAlgorithmName.SHA512; return true; }
        }
        else
        {
            if (oid.Equals(X9ObjectIdentifiers.ECDsaWithSha256)) { hash = HashAlgorithmName.SHA256; return true; }
            if (oid.Equals(X9ObjectIdentifiers.ECDsaWithSha384)) { hash = HashAlgorithmName.SHA384; return true; }
            if (oid.Equals(X9ObjectIdentifiers.ECDsaWithSha512)) { hash = HashAlgorithmName.SHA512; return true; }
        }
        detail = IsWeak(algorithm)
            ? $"signature algorithm {oid.Id} uses a broken hash (SHA-1 or MD5)"
            : $"signature algorithm {oid.Id} is not accepted with an {issuerKey.Algorithm} issuer key";
        return false;
    }

    public static bool IsWeak(AlgorithmIdentifier algorithm)
    {
        var oid = algorithm.Algorithm;
        return oid.Equals(PkcsObjectIdentifiers.Sha1WithRsaEncryption)
            || oid.Equals(PkcsObjectIdentifiers.MD5WithRsaEncryption)
            || oid.Equals(PkcsObjectIdentifiers.MD2WithRsaEncryption)
            || oid.Equals(X9ObjectIdentifiers.ECDsaWithSha1);
    }
}
