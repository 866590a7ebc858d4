using System.Text.Json;
using Shelter.Credentials;
using Shelter.Credentials.Revocation;
using Shelter.Protocol;
using Shelter.Tooling;

namespace Shelter.Cli;

/// <summary><c>verify</c>: was this signature over these bytes made by this certificate's key, and is the certificate valid then?</summary>
public static class VerifyCommand
{
    public const string Usage = "verify --cert FILE --data FILE --signature FILE --trust FILE|jlis [--trust …] [--crl FILE …] [--at RFC3339-TIME] [--allow-test-roots]";

    public static int Run(string[] args, TextWriter output)
    {
        var arguments = new Arguments(args, new HashSet<string> { "--allow-test-roots" });
        var certificate = DecodeFile("--cert", arguments.Required("--cert"));
        var data = Arguments.ReadFile("--data", arguments.Required("--data"));
        var signature = DecodeFile("--signature", arguments.Required("--signature"));
        var trust = arguments.All("--trust");
        var crlFiles = arguments.All("--crl");
        var at = arguments.Time("--at") ?? DateTimeOffset.UtcNow;
        var allowTestRoots = arguments.Flag("--allow-test-roots");
        arguments.RejectUnknown();
        if (trust.Count == 0)
        {
            throw new UsageException("at least one --trust root is required (a file, or 'jlis' for the built-in J-LIS roots)");
        }

        var anchors = LoadAnchors(trust);
        var crls = new CrlStore(anchors);
        foreach (var path in crlFiles)
        {
            var import = crls.Import(Arguments.ReadFile("--crl", path));
            if (!import.Imported)
            {
                throw new UsageException($"--crl {path}: {import.Error}");
            }
        }
        var verifier = new CredentialVerifier(anchors, new CredentialVerifierOptions { AllowTestRoots = allowTestRoots }, crls);
        var result = verifier.VerifySignature(CredentialKind.Jpki, certificate, data, signature, at);
        output.WriteLine(ToJson(result));
        return result.IsValid ? 0 : 1;
    }

    private static TrustAnchors LoadAnchors(IReadOnlyList<string> trust)
    {
        var anchors = new List<TrustAnchor>();
        foreach (var path in trust)
        {
            if (path == "jlis")
            {
                anchors.AddRange(TrustAnchors.JLisUserAuthentication().All);
                continue;
            }
            try
            {
                anchors.Add(TrustAnchor.Load(Arguments.ReadFile("--trust", path)));
            }
            catch (FormatException ex)
            {
                throw new UsageException($"--trust {path}: {ex.Message}");
            }
        }
        return new TrustAnchors(anchors);
    }

    /// <summary>Certificates and signatures may come as DER/raw bytes or PEM; data is always taken byte for byte.</summary>
    private static byte[] DecodeFile(string option, string path)
    {
        try
        {
            return DerOrPem.Decode(Arguments.ReadFile(option, path));
        }
        catch (FormatException ex)
        {
            throw new UsageException($"{option} {path}: {ex.Message}");
        }
    }

    public static string ToJson(CredentialVerification result)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            json.WriteStartObject();
            json.WriteBoolean("valid", result.IsValid);
            WriteOrNull(json, "reason", result.Reason?.Code());
            json.WriteString("kind", result.Kind.Code());
            WriteOrNull(json, "fingerprint", result.Fingerprint);
            WriteOrNull(json, "subject", result.Subject);
            WriteOrNull(json, "issuer", result.Issuer);
            WriteOrNull(json, "notAfter", result.NotAfter?.ToString("yyyy-MM-ddTHH:mm:ssZ", System.Globalization.CultureInfo.InvariantCulture));
            WriteOrNull(json, "message", result.Message);
            json.WriteEndObject();
        }
        return System.Text.Encoding.UTF8.GetString(buffer.ToArray());
    }

    private static void WriteOrNull(Utf8JsonWriter json, string name, string? value)
    {
        if (value is null)
        {
            json.WriteNull(name);
        }
        else
        {
            json.WriteString(name, value);
        }
    }
}
