using System.Formats.Asn1;
using System.Numerics;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Shelter.Credentials.DevPki;

/// <summary>How a development credential differs from a well-formed JPKI user-authentication certificate (for tests of each rejection).</summary>
public sealed record DevIssueOptions
{
    public DevKeyKind KeyKind { get; init; } = DevKeyKind.Rsa2048;

    /// <summary>RSA modulus size; below 2048 makes a weak key.</summary>
    public int RsaBits { get; init; } = 2048;

    public DateTimeOffset? NotBefore { get; init; }

    public DateTimeOffset? NotAfter { get; init; }

    public X509KeyUsageFlags KeyUsage { get; init; } = X509KeyUsageFlags.DigitalSignature;

    public bool IncludeJpkiPolicy { get; init; } = true;

    public bool ClientAuth { get; init; } = true;

    /// <summary>The hash the CA signs the certificate with; SHA-1 makes an unsupported algorithm.</summary>
    public HashAlgorithmName SignatureHash { get; init; } = HashAlgorithmName.SHA256;
}

/// <summary>
/// A development CA that issues certificates with the JPKI user-authentication profile (opaque 23-character CN,
/// KeyUsage digitalSignature critical, EKU clientAuth, the JPKI policy) and CRLs. Made at run time: no private key
/// is ever committed. Its subject carries <c>O=JPKI-TEST</c>, so verifiers trust it only in development mode.
/// </summary>
public sealed class DevCertificateAuthority : IDisposable
{
    public const string DefaultUnit = "Shelter development CA";
    private const string CnAlphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ";

    private readonly X509Certificate2 _certificate;
    private readonly RSA _key;
    private readonly X509AuthorityKeyIdentifierExtension _authorityKeyIdentifier;
    private BigInteger _crlNumber = BigInteger.One;

    private DevCertificateAuthority(X509Certificate2 certificate, RSA key)
    {
        _certificate = certificate;
        _key = key;
        _authorityKeyIdentifier = X509AuthorityKeyIdentifierExtension.CreateFromCertificate(certificate, includeKeyIdentifier: true, includeIssuerAndSerial: false);
    }

    public byte[] CertificateDer => _certificate.RawData;

    public X500DistinguishedName Subject => _certificate.SubjectName;

    /// <summary>Makes a new CA. <paramref name="organization"/> other than JPKI-TEST makes a stranger root for tests.</summary>
    public static DevCertificateAuthority Create(string unit = DefaultUnit, string organization = TrustAnchor.TestOrganization,
        DateTimeOffset? notBefore = null, DateTimeOffset? notAfter = null)
    {
        var key = RSA.Create(2048);
        var request = new CertificateRequest(CaName(organization, unit), key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        // A month back, so credentials it issues can carry tap times from readers' backlogs (up to 7 days old).
        var start = notBefore ?? DateTimeOffset.UtcNow.AddDays(-30);
        var certificate = request.CreateSelfSigned(start, notAfter ?? start.AddYears(10));
        return new DevCertificateAuthority(certificate, key);
    }

    /// <summary>The JPKI root DN shape: the same name for every generation, which is why issuers are matched by key.</summary>
    public static X500DistinguishedName CaName(string organization, string unit)
    {
        // The builder encodes the last-added RDN first; JPKI names start with C=JP, so add in reverse.
        var builder = new X500DistinguishedNameBuilder();
        builder.AddOrganizationalUnitName(unit);
        builder.AddOrganizationalUnitName("JPKI for user authentication");
        builder.AddOrganizationName(organization);
        builder.AddCountryOrRegion("JP");
        return builder.Build();
    }

    public static DevCertificateAuthority Load(byte[] certificate, string privateKeyPem)
    {
        var key = RSA.Create();
        key.ImportFromPem(privateKeyPem);
        var cert = X509CertificateLoader.LoadCertificate(DerOrPem.Decode(certificate));
        return new DevCertificateAuthority(cert.CopyWithPrivateKey(key), key);
    }

    public string ExportPrivateKeyPem() => _key.ExportPkcs8PrivateKeyPem();

    public DevCredential Issue(DevIssueOptions? options = null)
    {
        options ??= new DevIssueOptions();
        AsymmetricAlgorithm key = options.KeyKind == DevKeyKind.Rsa2048 ? RSA.Create(options.RsaBits) : ECDsa.Create(ECCurve.NamedCurves.nistP384);
        return new DevCredential(IssueCertificate(key, options), key, ownsKey: true);
    }

    /// <summary>
    /// A new certificate (new serial, so a new fingerprint) for an existing credential's key. RSA key generation is
    /// slow, so load tests make a pool of keys and issue many certificates over it; the result shares the key.
    /// </summary>
    public DevCredential Reissue(DevCredential holder, DevIssueOptions? options = null) =>
        new(IssueCertificate(holder.Key, options ?? new DevIssueOptions()), holder.Key, ownsKey: false);

    private byte[] IssueCertificate(AsymmetricAlgorithm key, DevIssueOptions options)
    {
        var subject = new X500DistinguishedNameBuilder();
        subject.AddCommonName(OpaqueCommonName());
        subject.AddCountryOrRegion("JP");
        var publicKey = key is RSA rsa ? new PublicKey(rsa) : new PublicKey((ECDsa)key);
        // The request's hash is the one this (RSA) CA signs with; SHA-1 needs its own generator because .NET refuses it.
        var weak = options.SignatureHash == HashAlgorithmName.SHA1;
        var request = new CertificateRequest(subject.Build(), publicKey, weak ? HashAlgorithmName.SHA256 : options.SignatureHash, RSASignaturePadding.Pkcs1);
        request.CertificateExtensions.Add(new X509KeyUsageExtension(options.KeyUsage, true));
        // clientAuth, or emailProtection for a certificate meant for something else.
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid(options.ClientAuth ? "1.3.6.1.5.5.7.3.2" : "1.3.6.1.5.5.7.3.4")], false));
        if (options.IncludeJpkiPolicy)
        {
            request.CertificateExtensions.Add(JpkiPolicyExtension());
        }
        request.CertificateExtensions.Add(_authorityKeyIdentifier);
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        var notBefore = options.NotBefore ?? DateTimeOffset.UtcNow.AddDays(-1);
        var notAfter = options.NotAfter ?? notBefore.AddYears(5);
        var generator = weak ? new Sha1RsaSignatureGenerator(_key) : X509SignatureGenerator.CreateForRSA(_key, RSASignaturePadding.Pkcs1);
        using var certificate = request.Create(_certificate.SubjectName, generator, notBefore, notAfter, RandomSerial());
        return certificate.RawData;
    }

    /// <summary>A CRL listing the given certificates' serials, signed by this CA.</summary>
    public byte[] CreateCrl(IEnumerable<byte[]> revokedCertificates, DateTimeOffset? thisUpdate = null, DateTimeOffset? revokedAt = null, DateTimeOffset? nextUpdate = null)
    {
        var builder = new CertificateRevocationListBuilder();
        var now = thisUpdate ?? DateTimeOffset.UtcNow;
        foreach (var der in revokedCertificates)
        {
            using var revoked = X509CertificateLoader.LoadCertificate(der);
            builder.AddEntry(revoked, revokedAt ?? now.AddMinutes(-1));
        }
        var number = _crlNumber;
        _crlNumber += 1;
        return builder.Build(_certificate, number, nextUpdate ?? now.AddDays(7), HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1, now);
    }

    private static X509Extension JpkiPolicyExtension()
    {
        var writer = new AsnWriter(AsnEncodingRules.DER);
        using (writer.PushSequence())
        using (writer.PushSequence())
        {
            writer.WriteObjectIdentifier(JpkiProfile.UserAuthenticationPolicy);
        }
        return new X509Extension("2.5.29.32", writer.Encode(), critical: true);
    }

    /// <summary>Like a real card's CN: 23 opaque characters, no name, no address.</summary>
    private static string OpaqueCommonName() => RandomNumberGenerator.GetString(CnAlphabet, 23);

    private static byte[] RandomSerial()
    {
        var serial = RandomNumberGenerator.GetBytes(9);
        serial[0] &= 0x7F;
        serial[0] |= 0x01;
        return serial;
    }

    public void Dispose()
    {
        _certificate.Dispose();
        _key.Dispose();
    }
}
