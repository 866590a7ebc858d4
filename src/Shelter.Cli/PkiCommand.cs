using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;
using Shelter.Credentials;
using Shelter.Credentials.DevPki;
using Shelter.Protocol;
using Shelter.Tooling;

namespace Shelter.Cli;

/// <summary>
/// <c>pki</c>: a development CA and credentials in files, so an operator can try a reader by hand. The CA key is
/// written next to the CA certificate with owner-only permissions; none of it belongs in a repository.
/// </summary>
public static class PkiCommand
{
    public const string Usage = """
        pki init --out DIR                                  make a dev CA: DIR/ca.crt, DIR/ca.key
        pki issue --ca DIR --out DIR [--name NAME] [--kind rsa|p384] [--not-before TIME] [--not-after TIME]
                                                            issue a JPKI-profile credential: NAME.crt, NAME.key
        pki sign --credential DIR/NAME --data FILE --out FILE
                                                            sign raw bytes as the card would
        pki tap --credential DIR/NAME --reader ID --shelter ID [--action check-in] [--tap-id UUID] [--at TIME]
                                                            print a signed protocol-v1 tap as JSON
        pki crl --ca DIR --out FILE --revoke CERT [--revoke CERT …]
                                                            a CRL signed by the dev CA
        """;

    public static int Run(string[] args, TextWriter output)
    {
        if (args.Length == 0)
        {
            throw new UsageException("pki needs a sub-command: init, issue, sign, tap or crl");
        }
        var arguments = new Arguments(args[1..], new HashSet<string>());
        return args[0] switch
        {
            "init" => Init(arguments, output),
            "issue" => Issue(arguments, output),
            "sign" => Sign(arguments, output),
            "tap" => Tap(arguments, output),
            "crl" => Crl(arguments, output),
            _ => throw new UsageException($"unknown pki sub-command '{args[0]}'"),
        };
    }

    private static int Init(Arguments arguments, TextWriter output)
    {
        var dir = arguments.Required("--out");
        arguments.RejectUnknown();
        Directory.CreateDirectory(dir);
        using var ca = DevCertificateAuthority.Create();
        File.WriteAllText(Path.Combine(dir, "ca.crt"), PemEncoding.WriteString("CERTIFICATE", ca.CertificateDer));
        OwnerOnlyFile.Write(Path.Combine(dir, "ca.key"), ca.ExportPrivateKeyPem());
        output.WriteLine($"dev CA written to {Path.Combine(dir, "ca.crt")} (trusted only with development mode / --allow-test-roots)");
        return 0;
    }

    private static int Issue(Arguments arguments, TextWriter output)
    {
        using var ca = LoadCa(arguments.Required("--ca"));
        var dir = arguments.Required("--out");
        var name = arguments.Optional("--name") ?? "credential";
        var kind = arguments.Optional("--kind") ?? "rsa";
        var notBefore = arguments.Time("--not-before");
        var notAfter = arguments.Time("--not-after");
        arguments.RejectUnknown();
        var keyKind = kind switch
        {
            "rsa" => DevKeyKind.Rsa2048,
            "p384" => DevKeyKind.EcdsaP384,
            _ => throw new UsageException($"--kind '{kind}': use rsa or p384"),
        };
        Directory.CreateDirectory(dir);
        using var credential = ca.Issue(new DevIssueOptions { KeyKind = keyKind, NotBefore = notBefore, NotAfter = notAfter });
        File.WriteAllText(Path.Combine(dir, name + ".crt"), PemEncoding.WriteString("CERTIFICATE", credential.CertificateDer));
        OwnerOnlyFile.Write(Path.Combine(dir, name + ".key"), credential.ExportPrivateKeyPem());
        output.WriteLine($"{name}: fingerprint {credential.Fingerprint}");
        return 0;
    }

    private static int Sign(Arguments arguments, TextWriter output)
    {
        using var credential = LoadCredential(arguments.Required("--credential"));
        var data = Arguments.ReadFile("--data", arguments.Required("--data"));
        var outPath = arguments.Required("--out");
        arguments.RejectUnknown();
        File.WriteAllBytes(outPath, credential.Sign(data));
        output.WriteLine($"signature written to {outPath}");
        return 0;
    }

    private static int Tap(Arguments arguments, TextWriter output)
    {
        using var credential = LoadCredential(arguments.Required("--credential"));
        var readerId = arguments.Required("--reader");
        var shelterId = arguments.Required("--shelter");
        var action = arguments.Optional("--action") ?? "check-in";
        var tapIdText = arguments.Optional("--tap-id");
        Guid? tapId = tapIdText is null ? null : Guid.TryParse(tapIdText, out var parsed) ? parsed : throw new UsageException("--tap-id must be a UUID");
        var at = arguments.Time("--at") ?? DateTimeOffset.UtcNow;
        arguments.RejectUnknown();
        var tap = DevTaps.Signed(credential, CredentialKind.JpkiCard, readerId, shelterId, action, at, tapId);
        output.WriteLine(JsonSerializer.Serialize(new TapBatch([tap]), ReaderProtocol.Json));
        return 0;
    }

    private static int Crl(Arguments arguments, TextWriter output)
    {
        using var ca = LoadCa(arguments.Required("--ca"));
        var outPath = arguments.Required("--out");
        var revoked = arguments.All("--revoke").Select(path => DerOrPem.Decode(Arguments.ReadFile("--revoke", path))).ToList();
        arguments.RejectUnknown();
        File.WriteAllBytes(outPath, ca.CreateCrl(revoked));
        output.WriteLine($"CRL revoking {revoked.Count} certificate(s) written to {outPath}");
        return 0;
    }

    private static DevCertificateAuthority LoadCa(string dir) =>
        DevCertificateAuthority.Load(Arguments.ReadFile("--ca", Path.Combine(dir, "ca.crt")), ReadText("--ca", Path.Combine(dir, "ca.key")));

    private static DevCredential LoadCredential(string prefix) =>
        DevCredential.Load(Arguments.ReadFile("--credential", prefix + ".crt"), ReadText("--credential", prefix + ".key"));

    private static string ReadText(string option, string path) => System.Text.Encoding.ASCII.GetString(Arguments.ReadFile(option, path));

}
