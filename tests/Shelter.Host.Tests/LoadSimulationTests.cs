using Shelter.LoadSim;

namespace Shelter.Host.Tests;

/// <summary>
/// The load simulator against the real host for a few seconds at a low rate: every accepted tap must be on the host
/// exactly once. Speed is the benchmark's business (ops/bench.sh), not this test's.
/// </summary>
public sealed class LoadSimulationTests(HostFixture host) : IClassFixture<HostFixture>
{
    [Fact]
    public async Task A_short_low_rate_run_reconciles_cleanly()
    {
        var summary = await Run(new Options("ci-sim"));
        Assert.Equal(0, summary.NonceRequests);
    }

    [Fact]
    public async Task A_short_run_in_protocol_v2_with_server_nonces_offline_readers_and_certificate_only_meals_reconciles_cleanly()
    {
        var summary = await Run(new Options("ci-sim-v2") with { Protocol = Shelter.Protocol.ReaderProtocol.V2, CertificateOnlyShare = 0.3 });
        Assert.True(summary.NonceRequests > 0);
        Assert.True(summary.CertificateOnlySent > 0);
    }

    [Fact]
    public async Task A_short_run_with_half_the_people_linked_some_with_two_credentials_reconciles_per_person()
    {
        var summary = await Run(new Options("ci-sim-linked") { LinkedShare = 0.5, Evacuees = 200 });
        Assert.True(summary.Linked!.People > 40);
        Assert.True(summary.Linked.Credentials > summary.Linked.People);
    }

    private sealed record Options(string Municipality)
    {
        public double LinkedShare { get; init; }

        public int Evacuees { get; init; } = 80;

        public string Protocol { get; init; } = Shelter.Protocol.ReaderProtocol.V1;

        public double CertificateOnlyShare { get; init; }
    }

    private async Task<Summary> Run(Options run)
    {
        var options = new SimOptions
        {
            Urls = [host.Http.BaseAddress!],
            AdminToken = HostFixture.AdminToken,
            Shelters = 3,
            Readers = 9,
            Evacuees = run.Evacuees,
            Duration = TimeSpan.FromSeconds(5),
            Rate = 120,
            Concurrency = 8,
            BadShare = 0.1,
            OfflineShare = 0.3,
            DuplicateShare = 0.1,
            Municipality = run.Municipality,
            Protocol = run.Protocol,
            CertificateOnlyShare = run.CertificateOnlyShare,
            LinkedShare = run.LinkedShare,
            Progress = false,
        };
        var log = new StringWriter();
        var summary = await Simulation.RunInMemory(options, host.Ca, log);

        Assert.True(summary.Accepted > 50, log.ToString());
        Assert.True(summary.CorruptedRejected > 0);
        Assert.True(summary.Duplicates > 0);
        Assert.Empty(summary.Problems);
        Assert.True(summary.Reconciliation.Clean, string.Join("\n", summary.Reconciliation.ShelterDifferences.Concat(summary.Reconciliation.EvacueeDifferences)
            .Concat(summary.Reconciliation.RuleViolations)));
        Assert.Equal(0, summary.Lost);
        Assert.Equal(0, summary.Doubled);
        return summary;
    }
}
