using System.Text.Json;
using Shelter.Cli;
using Shelter.Tooling;

namespace Shelter.Cli.Tests;

/// <summary>The operator CLI end to end, in process: files on disk in, one JSON line and an exit code out.</summary>
public sealed class CliTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("shelter-cli-").FullName;

    private static string Vector(string name) => Path.Combine(AppContext.BaseDirectory, "Vectors", name);

    private static (int Exit, JsonElement Json) Verify(params string[] args)
    {
        var output = new StringWriter();
        var exit = VerifyCommand.Run(args, output);
        return (exit, JsonDocument.Parse(output.ToString()).RootElement);
    }

    private string[] Genuine(params string[] more) =>
        ["--cert", Vector("user-auth-cert.der"), "--data", Vector("message1.bin"), "--signature", Vector("message1.sha256-rsa-pkcs1.sig"), .. more];

    [Fact]
    public void Genuine_card_signature_is_valid_in_2020_under_the_builtin_jlis_roots()
    {
        var (exit, json) = Verify(Genuine("--trust", "jlis", "--at", "2020-01-01T00:00:00Z"));
        Assert.Equal(0, exit);
        Assert.True(json.GetProperty("valid").GetBoolean());
        Assert.Equal(JsonValueKind.Null, json.GetProperty("reason").ValueKind);
        Assert.Equal("2024-05-02T14:59:59Z", json.GetProperty("notAfter").GetString());
        foreach (var field in new[] { "kind", "fingerprint", "subject", "issuer" })
        {
            Assert.Equal(JsonValueKind.String, json.GetProperty(field).ValueKind);
        }
    }

    [Fact]
    public void Genuine_card_signature_is_expired_now_with_exit_code_1()
    {
        var (exit, json) = Verify(Genuine("--trust", "jlis"));
        Assert.Equal(1, exit);
        Assert.Equal("expired", json.GetProperty("reason").GetString());
    }

    [Fact]
    public void Missing_trust_is_a_usage_error()
    {
        var error = Assert.Throws<UsageException>(() => Verify(Genuine()));
        Assert.Contains("--trust", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Unknown_option_is_a_usage_error()
    {
        Assert.Throws<UsageException>(() => Verify(Genuine("--trust", "jlis", "--atx", "2020")));
    }

    [Fact]
    public void Dev_pki_round_trip_with_pem_files_and_a_crl()
    {
        var quiet = TextWriter.Null;
        Assert.Equal(0, PkiCommand.Run(["init", "--out", Path.Combine(_dir, "ca")], quiet));
        Assert.Equal(0, PkiCommand.Run(["issue", "--ca", Path.Combine(_dir, "ca"), "--out", _dir, "--name", "phone", "--kind", "p384"], quiet));
        var data = Path.Combine(_dir, "data");
        File.WriteAllText(data, "shelter");
        var sig = Path.Combine(_dir, "sig");
        Assert.Equal(0, PkiCommand.Run(["sign", "--credential", Path.Combine(_dir, "phone"), "--data", data, "--out", sig], quiet));
        string[] args = ["--cert", Path.Combine(_dir, "phone.crt"), "--data", data, "--signature", sig, "--trust", Path.Combine(_dir, "ca", "ca.crt")];

        Assert.Equal("test-root-not-allowed", Verify(args).Json.GetProperty("reason").GetString());
        Assert.Equal(0, Verify([.. args, "--allow-test-roots"]).Exit);

        var crl = Path.Combine(_dir, "crl.der");
        Assert.Equal(0, PkiCommand.Run(["crl", "--ca", Path.Combine(_dir, "ca"), "--out", crl, "--revoke", Path.Combine(_dir, "phone.crt")], quiet));
        var (exit, json) = Verify([.. args, "--allow-test-roots", "--crl", crl]);
        Assert.Equal(1, exit);
        Assert.Equal("revoked", json.GetProperty("reason").GetString());
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);
}
