using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Shelter.Credentials;
using Shelter.Domain;
using Shelter.Host.Taps;
using Shelter.Protocol;

namespace Shelter.Host.Tests;

/// <summary>
/// docs/reader-protocol.md is the contract a vendor implements: every JSON example in it is read by the host's parser
/// and by the contract types, field by field, and its tables of codes are exactly the codes the code gives.
/// </summary>
public sealed partial class ReaderProtocolDocumentTests
{
    private static readonly string Document = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "docs", "reader-protocol.md"));

    private static IEnumerable<JsonObject> JsonExamples() =>
        JsonBlock().Matches(Document).Select(m => JsonNode.Parse(m.Groups[1].Value)!.AsObject());

    /// <summary>The text of a section, from its heading to the next heading of the same or a higher level.</summary>
    private static string Section(string heading)
    {
        var start = Document.IndexOf(heading + "\n", StringComparison.Ordinal);
        Assert.True(start >= 0, $"no section '{heading}'");
        var level = heading.TakeWhile(c => c == '#').Count();
        var next = Regex.Match(Document[(start + heading.Length)..], $@"\n#{{1,{level}}} ");
        return next.Success ? Document.Substring(start, heading.Length + next.Index) : Document[start..];
    }

    private static HashSet<string> CodesIn(string text) => [.. Code().Matches(text).Select(m => m.Groups[1].Value)];

    /// <summary>The codes in one column of the tables of a section (header and rule rows left out).</summary>
    private static HashSet<string> CodesInColumn(string section, int column) =>
        CodesIn(string.Join("\n", section.Split('\n').Where(line => line.StartsWith('|')).Skip(2).Select(line => line.Split('|')[column + 1])));

    [Fact]
    public void Every_tap_example_is_read_by_the_host_parser_field_by_field_and_its_credential_verifies()
    {
        var root = Regex.Match(Document, "-----BEGIN CERTIFICATE-----[^-]+-----END CERTIFICATE-----").Value;
        using var anchors = new TrustAnchors([TrustAnchor.Load(Encoding.ASCII.GetBytes(root))]);
        var verifier = new CredentialVerifier(anchors, new CredentialVerifierOptions { AllowTestRoots = true });
        var taps = JsonExamples().Where(e => e.ContainsKey(TapFields.Taps)).SelectMany(e => e[TapFields.Taps]!.AsArray()).Select(t => t!.AsObject()).ToList();
        Assert.True(taps.Count >= 2, "the document shows a JPKI tap and a temporary-card tap");
        Assert.Contains(taps, t => t[TapFields.Credential]![TapFields.Kind]!.GetValue<string>() == CredentialKind.JpkiCard.Code());
        Assert.Contains(taps, t => t[TapFields.Credential]![TapFields.Kind]!.GetValue<string>() == CredentialKind.TemporaryCard.Code());

        foreach (var json in taps)
        {
            string Field(string name) => json[name]!.GetValue<string>();
            var occurredAt = DateTimeOffset.Parse(Field(TapFields.OccurredAt), System.Globalization.CultureInfo.InvariantCulture);
            var parser = new TapParser(verifier, new FixedClock(occurredAt), TimeSpan.FromMinutes(5), TimeSpan.FromDays(7));
            using var element = JsonDocument.Parse(json.ToJsonString());
            var (verified, rejection) = parser.Parse(element.RootElement, new TapParser.ReaderContext(Field(TapFields.ReaderId), Field(TapFields.ShelterId),
                ShelterTimeZone.Resolve("Asia/Tokyo")));

            Assert.True(verified is not null, $"{Field(TapFields.TapId)}: {rejection?.Reason} {rejection?.Message}");
            Assert.Equal(Field(TapFields.TapId), verified.TapIdText);
            Assert.Equal(Guid.Parse(Field(TapFields.TapId)), verified.Tap.TapId);
            Assert.Equal(Field(TapFields.ReaderId), verified.Tap.ReaderId);
            Assert.Equal(Field(TapFields.ShelterId), verified.Tap.ShelterId);
            Assert.Equal(Field(TapFields.Action), verified.Tap.Action.Code());
            Assert.Equal(occurredAt, verified.Tap.OccurredAt);
            var kind = json[TapFields.Credential]![TapFields.Kind]!.GetValue<string>();
            Assert.Equal(kind == CredentialKind.TemporaryCard.Code(), verified.Tap.LowAssurance);
            Assert.Equal(verified.Tap.Action == TapAction.Meal, verified.Tap.Meal is not null);

            // The contract type carries exactly the fields the document shows, under the same names.
            var contract = json.Deserialize<ReaderTap>(ReaderProtocol.Json)!;
            Assert.True(JsonNode.DeepEquals(json, JsonSerializer.SerializeToNode(contract, ReaderProtocol.Json)), json.ToJsonString());
        }
    }

    /// <summary>The document's signed tap, and its nonce: the worked example of both versions.</summary>
    private static (ReaderTap Tap, byte[] Nonce) WorkedTap()
    {
        var tap = JsonExamples().Where(e => e.ContainsKey(TapFields.Taps)).SelectMany(e => e[TapFields.Taps]!.AsArray())
            .Select(t => t.Deserialize<ReaderTap>(ReaderProtocol.Json)!).First(t => t.Credential.Nonce is not null);
        return (tap, Convert.FromBase64String(tap.Credential.Nonce!));
    }

    [Fact]
    public void The_worked_challenge_is_what_the_contract_computes()
    {
        var (tap, nonce) = WorkedTap();
        var section = Section("### Worked example");
        Assert.Contains("nonce  " + Convert.ToHexStringLower(nonce).Chunk(2).Select(c => new string(c)).Aggregate((a, b) => a + " " + b), section);
        var text = $"shelter-tap/v1\n{tap.ReaderId}\n{tap.TapId}\n{tap.OccurredAt}\n";
        Assert.Contains(text.Replace("\n", "\\n", StringComparison.Ordinal), section);
        Assert.Contains($"these {Encoding.UTF8.GetByteCount(text)} bytes", section);
        var challenge = TapChallenge.Compute(tap.ReaderId, tap.TapId, tap.OccurredAt, nonce);
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData([.. Encoding.UTF8.GetBytes(text), .. nonce])), Convert.ToHexStringLower(challenge));
        Assert.Contains($"`{Convert.ToHexStringLower(challenge)}`", section);
    }

    [Fact]
    public void The_worked_v2_challenge_is_what_the_contract_computes()
    {
        var (tap, nonce) = WorkedTap();
        var section = Section("### Protocol v2");
        var text = $"shelter-tap/v2\n{tap.ReaderId}\n{tap.TapId}\n{tap.OccurredAt}\n{tap.Action}\n{tap.ShelterId}\n";
        Assert.Contains(text.Replace("\n", "\\n", StringComparison.Ordinal), section);
        Assert.Contains($"these {Encoding.UTF8.GetByteCount(text)} bytes", section);
        var challenge = TapChallenge.ComputeV2(tap.ReaderId, tap.TapId, tap.OccurredAt, tap.Action, tap.ShelterId, nonce);
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData([.. Encoding.UTF8.GetBytes(text), .. nonce])), Convert.ToHexStringLower(challenge));
        Assert.Contains($"`{Convert.ToHexStringLower(challenge)}`", section);
        var checkOut = TapChallenge.ComputeV2(tap.ReaderId, tap.TapId, tap.OccurredAt, "check-out", tap.ShelterId, nonce);
        Assert.Contains($"`{Convert.ToHexStringLower(checkOut)}`", section);
        Assert.NotEqual(TapChallenge.Compute(tap.ReaderId, tap.TapId, tap.OccurredAt, nonce), challenge);
    }

    [Fact]
    public void Every_answer_example_is_a_contract_answer_with_known_codes()
    {
        var answers = JsonExamples().Where(e => e.ContainsKey("results")).ToList();
        Assert.NotEmpty(answers);
        var reasons = AllReasons();
        foreach (var json in answers)
        {
            var batch = json.Deserialize<TapBatchAnswer>(ReaderProtocol.Json)!;
            Assert.True(JsonNode.DeepEquals(json, JsonSerializer.SerializeToNode(batch, ReaderProtocol.Json)), json.ToJsonString());
            foreach (var answer in batch.Results)
            {
                Assert.True(Guid.TryParseExact(answer.TapId, "D", out _), answer.TapId);
                Assert.Contains(answer.Status, TapStatusCodes.All);
                Assert.True(answer.Outcome is null ? answer.Reason is not null && reasons.Contains(answer.Reason) : Outcomes.All.Contains(answer.Outcome),
                    $"{answer.TapId}: outcome {answer.Outcome}, reason {answer.Reason}");
                Assert.False(string.IsNullOrWhiteSpace(answer.Message));
            }
        }
    }

    [Fact]
    public void The_tables_of_codes_are_exactly_the_codes_of_the_contract()
    {
        Assert.Equal(AllReasons().Order(), CodesInColumn(Section("### Rejection reasons"), 0).Order());
        Assert.Equal(RequestReasons.All.Order(), CodesInColumn(Section("### Request-level errors"), 1).Order());
        var outcomes = Regex.Match(Section("### The answer"), "`outcome` is one of ([^.]+)\\.").Groups[1].Value;
        Assert.Equal(Outcomes.All.Order(), CodesIn(outcomes).Order());
        var actions = Regex.Match(Section("### A tap"), @"\| `action` \|([^|]+)\|").Groups[1].Value;
        Assert.Equal(WireCodes.All<TapAction>().Order(), CodesIn(actions).Order());
    }

    private static HashSet<string> AllReasons() =>
        [.. TapReasons.All, .. RejectionReasons.All.Select(r => r.Code()), .. Refusals.All];

    [GeneratedRegex("```json\\n(.*?)\\n```", RegexOptions.Singleline)]
    private static partial Regex JsonBlock();

    [GeneratedRegex("`([a-z][a-z0-9-]*)`")]
    private static partial Regex Code();

    private sealed class FixedClock(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}
