using System.Diagnostics;
using Shelter.Credentials.DevPki;

namespace Shelter.Host.Tests;

/// <summary>
/// A reader-protocol v2 client in Python (tests/protocol-client/v2_client.py), written from docs/reader-protocol.md
/// alone, signs v2 taps against a running node and checks every answer: proof that the document is enough.
/// </summary>
public sealed class SecondLanguageClientTests(HostFixture host) : IClassFixture<HostFixture>
{
    private static readonly string Script = Path.Combine(AppContext.BaseDirectory, "protocol-client", "v2_client.py");

    [PythonCryptographyFact]
    public async Task A_client_written_from_the_document_alone_passes_every_check()
    {
        var token = await host.OpenWithReader("second-language", "second-language-gate");
        using var card = host.Ca.Issue();
        var dir = Directory.CreateTempSubdirectory("shelter-v2-client-").FullName;
        try
        {
            var cert = Path.Combine(dir, "card.der");
            var key = Path.Combine(dir, "card.key");
            await File.WriteAllBytesAsync(cert, card.CertificateDer);
            await File.WriteAllTextAsync(key, card.ExportPrivateKeyPem());
            var start = new ProcessStartInfo("python3") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            foreach (var argument in new[] { Script, "--url", host.Http.BaseAddress!.ToString(), "--reader", "second-language-gate", "--shelter", "second-language",
                         "--cert", cert, "--key", key })
            {
                start.ArgumentList.Add(argument);
            }
            start.Environment["SHELTER_READER_TOKEN"] = token;
            using var process = Process.Start(start)!;
            var output = process.StandardOutput.ReadToEndAsync();
            var errors = process.StandardError.ReadToEndAsync();
            await process.WaitForExitAsync();
            var lines = (await output).Split('\n', StringSplitOptions.RemoveEmptyEntries);
            Assert.True(process.ExitCode == 0, $"{await output}\n{await errors}");
            Assert.True(lines.Length >= 8 && lines.All(l => l.StartsWith("PASS ", StringComparison.Ordinal)), await output);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }
}
