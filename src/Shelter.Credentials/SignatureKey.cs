using System.Security.Cryptography;
using Org.BouncyCastle.Asn1;
using Org.BouncyCastle.Asn1.Pkcs;
using Org.BouncyCastle.Asn1.Sec;
using Org.BouncyCastle.Asn1.X509;
using Org.BouncyCastle.Asn1.X9;
using Org.BouncyCastle.Crypto;
using Org.BouncyCastle.Crypto.Digests;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Crypto.Signers;
using Org.BouncyCastle.Security;

namespace Shelter.Credentials;

/// <summary>
/// A public key ready to verify signatures. For RSA, BouncyCastle parses the key but never builds its own key object:
/// <c>RsaKeyParameters</c> runs primality checks on every construction (about 90 keys/s here) and its RSA verify is
/// about 14 times slower than .NET's. For P-384 it is the other way round (see <see cref="VerifyEcdsa"/>). An RSA key's first signatures are checked by <see cref="RsaPublicOperation"/>;
/// only a key used often (a root, a card that keeps tapping) is imported into OpenSSL, whose verify is then faster,
/// but whose import costs more than several managed checks and serializes threads on OpenSSL's locks. In a surge
/// nearly every key is new or nearly new.
/// </summary>
public sealed class SignatureKey : IDisposable
{
    public const int MinimumRsaBits = 2048;

    /// <summary>
    /// Signatures an RSA key checks in managed code before it is imported into OpenSSL. Under load the import (and
    /// OpenSSL's lazy Montgomery set-up on the first verify) costs more than many managed checks, so importing early
    /// made every card's second tap pay it (docs/performance.md). A card taps a handful of times a day; a root or a
    /// card that keeps tapping crosses this and gets OpenSSL's faster warm verify.
    /// </summary>
    public const int ManagedRsaVerifications = 16;

    private readonly RsaPublicOperation? _rsaPublic;
    private readonly RSAParameters _rsaParameters;
    private readonly ECPublicKeyParameters? _ecPublic;
    private readonly Lock _importLock = new();
    private RSA? _rsa;
    private int _rsaVerifications;

    private SignatureKey(RSAParameters parameters, int bits)
    {
        _rsaParameters = parameters;
        _rsaPublic = RsaPublicOperation.Create(parameters.Modulus, parameters.Exponent);
        Bits = bits;
        Algorithm = "RSA";
    }

    private SignatureKey(ECPublicKeyParameters ecPublic)
    {
        _ecPublic = ecPublic;
        Bits = 384;
        Algorithm = "ECDSA-P384";
    }

    public string Algorithm { get; }

    public int Bits { get; }

    public bool IsRsa => _rsaPublic is not null;

    /// <summary>Reads a SubjectPublicKeyInfo; fails with a reason for keys we do not accept.</summary>
    public static bool TryCreate(SubjectPublicKeyInfo info, out SignatureKey? key, out RejectionReason reason, out string detail)
    {
        key = null;
        reason = default;
        detail = string.Empty;
        var algorithm = info.Algorithm.Algorithm;
        if (algorithm.Equals(PkcsObjectIdentifiers.RsaEncryption))
        {
            var rsaKey = RsaPublicKeyStructure.GetInstance(info.ParsePublicKey());
            var modulus = rsaKey.Modulus;
            var exponent = rsaKey.PublicExponent;
            if (modulus.SignValue <= 0 || exponent.SignValue <= 0 || !exponent.TestBit(0) || exponent.BitLength < 2 || exponent.BitLength > 64)
            {
                reason = RejectionReason.WeakKey;
                detail = "RSA public exponent is not usable";
                return false;
            }
            if (modulus.BitLength < MinimumRsaBits)
            {
                reason = RejectionReason.WeakKey;
                detail = $"RSA key of {modulus.BitLength} bits, at least {MinimumRsaBits} required";
                return false;
            }
            if (modulus.BitLength > 8192)
            {
                reason = RejectionReason.UnsupportedAlgorithm;
                detail = $"RSA key of {modulus.BitLength} bits is larger than any card uses";
                return false;
            }
            key = new SignatureKey(new RSAParameters { Modulus = modulus.ToByteArrayUnsigned(), Exponent = exponent.ToByteArrayUnsigned() }, modulus.BitLength);
            return true;
        }
        if (algorithm.Equals(X9ObjectIdentifiers.IdECPublicKey))
        {
            var parameters = info.Algorithm.Parameters;
            if (parameters is not DerObjectIdentifier curve || !curve.Equals(SecObjectIdentifiers.SecP384r1))
            {
                reason = RejectionReason.UnsupportedAlgorithm;
                detail = "only the P-384 curve is accepted for ECDSA";
                return false;
            }
            try
            {
                key = new SignatureKey((ECPublicKeyParameters)PublicKeyFactory.CreateKey(info));
                return true;
            }
            catch (ArgumentException)
            {
                reason = RejectionReason.MalformedCertificate;
                detail = "the ECDSA public key is not a point on P-384";
                return false;
            }
        }
        reason = RejectionReason.UnsupportedAlgorithm;
        detail = $"public key algorithm {algorithm.Id} is not accepted";
        return false;
    }

    /// <summary>Verifies a signature over data: SHA256withRSA (PKCS#1 v1.5) for RSA keys, SHA384withECDSA for P-384.</summary>
    public bool VerifyTapSignature(ReadOnlySpan<byte> data, ReadOnlySpan<byte> signature) =>
        _rsaPublic is not null
            ? VerifyRsa(data, signature, HashAlgorithmName.SHA256)
            : VerifyEcdsa(data, signature, HashAlgorithmName.SHA384, StandardDsaEncoding.Instance)
              // Readers may send the DER form (what Java and most HSMs produce) or the fixed 96-byte P1363 form.
              || (signature.Length == 96 && VerifyEcdsa(data, signature, HashAlgorithmName.SHA384, PlainDsaEncoding.Instance));

    /// <summary>Verifies a certificate or CRL signature made by this key with the named hash.</summary>
    public bool VerifyIssuerSignature(ReadOnlySpan<byte> data, ReadOnlySpan<byte> signature, HashAlgorithmName hash) =>
        _rsaPublic is not null ? VerifyRsa(data, signature, hash) : VerifyEcdsa(data, signature, hash, StandardDsaEncoding.Instance);

    private bool VerifyRsa(ReadOnlySpan<byte> data, ReadOnlySpan<byte> signature, HashAlgorithmName hash)
    {
        if (signature.Length != _rsaPublic!.ModulusBytes)
        {
            return false;
        }
        Span<byte> digest = stackalloc byte[64];
        digest = digest[..CryptographicOperations.HashData(hash, data, digest)];
        if (Volatile.Read(ref _rsa) is { } imported)
        {
            return imported.VerifyHash(digest, signature, hash, RSASignaturePadding.Pkcs1);
        }
        if (Interlocked.Increment(ref _rsaVerifications) > ManagedRsaVerifications)
        {
            return ImportedRsa().VerifyHash(digest, signature, hash, RSASignaturePadding.Pkcs1);
        }
        // PKCS#1 v1.5 verification by re-encoding: the only valid opening is EM = 00 01 FF..FF 00 DigestInfo(hash, digest).
        Span<byte> opened = stackalloc byte[_rsaPublic.ModulusBytes];
        Span<byte> expected = stackalloc byte[_rsaPublic.ModulusBytes];
        return _rsaPublic.TryApply(signature, opened) && Pkcs1DigestInfo.TryEncode(hash, digest, expected) && opened.SequenceEqual(expected);
    }

    private RSA ImportedRsa()
    {
        lock (_importLock)
        {
            if (_rsa is null)
            {
                var rsa = RSA.Create();
                rsa.ImportParameters(_rsaParameters);
                Volatile.Write(ref _rsa, rsa);
            }
            return _rsa;
        }
    }

    /// <summary>
    /// ECDSA by BouncyCastle, unlike RSA: OpenSSL validates an imported P-384 point with a scalar multiplication, so a
    /// new key costs it more than BouncyCastle's parse and verify, and a known key verifies faster here too
    /// (docs/performance.md). Its DER decoding re-encodes and compares, so only canonical DER passes, and it checks r
    /// and s lie in [1, n-1].
    /// </summary>
    private bool VerifyEcdsa(ReadOnlySpan<byte> data, ReadOnlySpan<byte> signature, HashAlgorithmName hash, IDsaEncoding encoding)
    {
        IDigest digest = hash == HashAlgorithmName.SHA256 ? new Sha256Digest() : hash == HashAlgorithmName.SHA384 ? new Sha384Digest()
            : hash == HashAlgorithmName.SHA512 ? new Sha512Digest() : throw new ArgumentOutOfRangeException(nameof(hash), hash, null);
        var signer = new DsaDigestSigner(new ECDsaSigner(), digest, encoding);
        try
        {
            signer.Init(forSigning: false, _ecPublic);
            signer.BlockUpdate(data);
            return signer.VerifySignature(signature.ToArray());
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException or IOException or InvalidCastException)
        {
            return false;
        }
    }

    /// <summary>
    /// After an RSA signature failed: was it a well-formed PKCS#1 v1.5 signature by this key over some other digest?
    /// That is a genuine card answering a different challenge (a replay, or a reader that hashed the wrong fields),
    /// which a volunteer handles differently from noise. Only the failure path pays for this modular exponentiation.
    /// </summary>
    public bool IsRsaSignatureOverOtherDigest(ReadOnlySpan<byte> signature)
    {
        if (_rsaPublic is null)
        {
            return false;
        }
        var opened = new byte[_rsaPublic.ModulusBytes];
        if (!_rsaPublic.TryApply(signature, opened))
        {
            return false;
        }
        // EM = 00 01 FF..FF 00 DigestInfo, with at least eight bytes of padding.
        if (opened[0] != 0x00 || opened[1] != 0x01)
        {
            return false;
        }
        var i = 2;
        while (i < opened.Length && opened[i] == 0xFF)
        {
            i++;
        }
        if (i < 10 || i >= opened.Length || opened[i] != 0x00)
        {
            return false;
        }
        try
        {
            var digestInfo = DigestInfo.GetInstance(Asn1Object.FromByteArray(opened[(i + 1)..]));
            return digestInfo.Digest.GetOctets().Length is 32 or 48 or 64;
        }
        catch (Exception ex) when (ex is ArgumentException or IOException or InvalidCastException or InvalidOperationException)
        {
            return false;
        }
    }

    public void Dispose()
    {
        _rsa?.Dispose();

    }
}
