using System.Globalization;
using System.Security.Cryptography;
using Org.BouncyCastle.Crypto.Digests;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Crypto.Signers;
using Shelter.Credentials;
using Shelter.Credentials.DevPki;
using Shelter.Protocol;

namespace Shelter.Benchmarks;

/// <summary>
/// Verified taps per second, warm (certificate seen before: chain cached) and cold (a new certificate each tap: the
/// surge case), against the raw RSA.VerifyHash ceiling measured in the same run, plus the BouncyCastle figures that
/// decided which library does which step.
/// </summary>
public static class CredentialBenchmark
{
    private sealed record Tap(byte[] Certificate, string ReaderId, string TapId, string OccurredAt, byte[] Nonce, byte[] Signature);

    public static int Run(string[] args)
    {
        var round = TimeSpan.FromSeconds(args.Contains("--quick") ? 0.5 : 2);
        const int rounds = 5;
        var at = DateTimeOffset.UtcNow;
        Console.WriteLine($"Shelter credential benchmark — {Environment.ProcessorCount} cores, .NET {Environment.Version}, rounds of {round.TotalSeconds:0.#} s, median of {rounds}");
        Console.WriteLine("setting up: dev CA, credentials, pre-signed taps …");

        using var ca = DevCertificateAuthority.Create();
        var anchors = new TrustAnchors([TrustAnchor.Load(ca.CertificateDer)]);
        var options = new CredentialVerifierOptions { AllowTestRoots = true };

        var keys = Enumerable.Range(0, 16).Select(_ => ca.Issue()).ToList();
        var warmTaps = Enumerable.Range(0, 1024).Select(i => SignTap(keys[i % keys.Count], at)).ToArray();
        // Cold path: every tap carries a certificate the verifier has never seen. Certificates are cheap to issue;
        // keys are not, so 16 keys share many certificates, which costs the verifier the same as distinct keys.
        const int coldCount = 12_000;
        var coldTaps = new Tap[coldCount];
        var issuedFromKey = Enumerable.Range(0, coldCount).Select(i => ca.Reissue(keys[i % keys.Count])).ToArray();
        for (var i = 0; i < coldCount; i++)
        {
            coldTaps[i] = SignTap(issuedFromKey[i], at);
        }
        Console.WriteLine($"  {warmTaps.Length} warm taps over {keys.Count} certificates, {coldCount} cold taps over {coldCount} certificates");

        using var rawKey = RSA.Create(2048);
        var digest = SHA256.HashData("shelter"u8);
        var rawSignature = rawKey.SignHash(digest, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        using var rawPublic = RSA.Create();
        rawPublic.ImportParameters(rawKey.ExportParameters(false));

        var figures = new List<Throughput.Figure>();
        var warm = new Dictionary<int, double>();
        var raw = new Dictionary<int, double>();
        var cold = new Dictionary<int, double>();
        foreach (var threads in new[] { 1, 2 })
        {
            var verifier = new CredentialVerifier(anchors, options);
            var f = Throughput.Measure("verified taps, warm (chain cached)", threads, round, rounds, (t, n) =>
            {
                var tap = warmTaps[(int)((n * 2 + t) % warmTaps.Length)];
                if (!verifier.VerifyTap(CredentialKind.JpkiCard, tap.Certificate, tap.ReaderId, tap.TapId, tap.OccurredAt, tap.Nonce, tap.Signature, at).IsValid)
                {
                    throw new InvalidOperationException("a good tap failed to verify");
                }
            });
            figures.Add(f);
            warm[threads] = f.Median;
            Console.WriteLine(f);

            var r = Throughput.Measure("raw RSA.VerifyHash (.NET / OpenSSL)", threads, round, rounds, (_, _) =>
            {
                if (!rawPublic.VerifyHash(digest, rawSignature, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1))
                {
                    throw new InvalidOperationException("raw verify failed");
                }
            });
            raw[threads] = r.Median;
            Console.WriteLine(r);

            var coldRates = new List<double>();
            for (var rep = 0; rep < 3; rep++)
            {
                var fresh = new CredentialVerifier(anchors, options);
                var share = coldCount / 3;
                var offset = rep * share;
                coldRates.Add(Throughput.MeasureCount(threads, share, (_, i) =>
                {
                    var tap = coldTaps[offset + i];
                    if (!fresh.VerifyTap(CredentialKind.JpkiCard, tap.Certificate, tap.ReaderId, tap.TapId, tap.OccurredAt, tap.Nonce, tap.Signature, at).IsValid)
                    {
                        throw new InvalidOperationException("a good cold tap failed to verify");
                    }
                }));
            }
            coldRates.Sort();
            cold[threads] = coldRates[1];
            Console.WriteLine($"{"verified taps, cold (new certificate each tap)",-46} {threads} thr  {coldRates[1],12:N0}/s  (min {coldRates[0]:N0}, max {coldRates[2]:N0})");
        }

        Console.WriteLine("reference figures (why each step uses the library it uses):");
        var bcKey = ToBouncyCastle(rawPublic);
        var bc = Throughput.Measure("BouncyCastle RSA verify (same key)", 1, round, 3, (_, _) =>
        {
            var signer = new RsaDigestSigner(new Sha256Digest());
            signer.Init(false, bcKey);
            signer.BlockUpdate("shelter"u8);
            if (!signer.VerifySignature(rawSignature))
            {
                throw new InvalidOperationException("BC verify failed");
            }
        });
        Console.WriteLine(bc);
        var parameters = rawPublic.ExportParameters(false);
        var bcKeys = Throughput.Measure("BouncyCastle RsaKeyParameters constructions", 1, round, 3, (_, _) =>
            _ = new RsaKeyParameters(false, new Org.BouncyCastle.Math.BigInteger(1, parameters.Modulus), new Org.BouncyCastle.Math.BigInteger(1, parameters.Exponent)));
        Console.WriteLine(bcKeys);
        var imports = Throughput.Measure(".NET RSA public key imports", 1, round, 3, (_, _) =>
        {
            using var rsa = RSA.Create();
            rsa.ImportParameters(parameters);
        });
        Console.WriteLine(imports);
        var importAndVerify = Throughput.Measure(".NET RSA import + verify (a new key)", 1, round, 3, (_, _) =>
        {
            using var rsa = RSA.Create();
            rsa.ImportParameters(parameters);
            rsa.VerifyData("shelter"u8, rawSignature, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        });
        Console.WriteLine(importAndVerify);
        var encoded = new byte[rawSignature.Length];
        var managedCold = Throughput.Measure("managed RSA public operation, new key", 1, round, 3, (_, _) =>
            RsaPublicOperation.Create(parameters.Modulus, parameters.Exponent).TryApply(rawSignature, encoded));
        Console.WriteLine(managedCold);
        var managedOperation = RsaPublicOperation.Create(parameters.Modulus, parameters.Exponent);
        var managedWarm = Throughput.Measure("managed RSA public operation, known key", 1, round, 3, (_, _) =>
            managedOperation.TryApply(rawSignature, encoded));
        Console.WriteLine(managedWarm);

        Console.WriteLine();
        Console.WriteLine("summary:");
        foreach (var threads in new[] { 1, 2 })
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  {threads} thread(s): warm {warm[threads]:N0} taps/s = {warm[threads] / raw[threads]:P0} of raw RSA verify ({raw[threads]:N0}/s); cold {cold[threads]:N0} taps/s = {cold[threads] / raw[threads]:P0} of raw"));
        }
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  .NET verify is {raw[1] / bc.Median:N1}x BouncyCastle's; a BouncyCastle key object costs {1e6 / bcKeys.Median:N0} µs, a .NET import {1e6 / imports.Median:N0} µs"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  target (2 threads): warm ≥ 40,000 taps/s and ≥ 50% of raw — {(warm[2] >= 40_000 && warm[2] >= raw[2] / 2 ? "met" : "NOT met")}"));
        return 0;
    }

    private static Tap SignTap(DevCredential credential, DateTimeOffset at)
    {
        var tapId = Guid.NewGuid().ToString();
        var occurredAt = at.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);
        var nonce = RandomNumberGenerator.GetBytes(TapChallenge.NonceLength);
        return new Tap(credential.CertificateDer, "reader-bench", tapId, occurredAt, nonce, credential.SignTap("reader-bench", tapId, occurredAt, nonce));
    }

    private static RsaKeyParameters ToBouncyCastle(RSA rsa)
    {
        var p = rsa.ExportParameters(false);
        return new RsaKeyParameters(false, new Org.BouncyCastle.Math.BigInteger(1, p.Modulus), new Org.BouncyCastle.Math.BigInteger(1, p.Exponent));
    }
}
