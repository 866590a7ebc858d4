using System.Globalization;
using Shelter.Credentials.DevPki;

namespace Shelter.LoadSim;

/// <summary>A whole run: prepare the host (shelters, readers), play the corpus, reconcile, summarize.</summary>
public static class Simulation
{
    public static async Task<Summary> Run(SimOptions options, Corpus corpus, KeyPool keys, TextWriter log)
    {
        if (options.Readers < options.Shelters)
        {
            throw new ArgumentException("every shelter needs a reader: --readers must be at least --shelters");
        }
        using var client = new HostClient(options.Urls, options.AdminToken, options.Concurrency + 16, options.TlsRoot);
        var capacity = Math.Max(10, options.Evacuees * 12 / 10 / options.Shelters);
        for (var s = 0; s < options.Shelters; s++)
        {
            await client.OpenShelter(Corpus.ShelterId(options, s), $"負荷試験 避難所 {s}", capacity, options.Municipality, options.CertificateOnlyShare > 0);
        }
        var tokens = new string[options.Readers];
        await Parallel.ForAsync(0, options.Readers, new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (r, _) =>
            tokens[r] = await client.RegisterReader(Corpus.ShelterId(options, Corpus.ShelterOfReader(options, r)), Corpus.ReaderId(options, r)));
        log.WriteLine($"host prepared ({options.Urls.Count} node(s)): {options.Shelters} shelters, {options.Readers:N0} readers; running {options.Duration.TotalSeconds:0} s " +
            (options.Rate == 0 ? "at full speed" : $"at {options.Rate} taps/s") + $" with {options.Concurrency} requests in flight");

        var model = new Model(options.Shelters);
        DeskLinks.Done? links = null;
        IReadOnlyCollection<int> playedFirst = [];
        if (options.LinkedShare > 0)
        {
            var plan = DeskLinks.Choose(options, corpus);
            links = await DeskLinks.Make(plan, options, corpus, client, new Driver(options, corpus, client, tokens, model, new Stats(), keys), model, log);
            playedFirst = plan.Linked;
        }
        var stats = new Stats();
        var driver = new Driver(options, corpus, client, tokens, model, stats, keys, playedFirst);
        long lastAccepted = 0;
        await driver.Run(options.Progress ? d =>
        {
            var accepted = stats.Accepted;
            log.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"[{d.Elapsed.TotalSeconds,4:0}s] sent {stats.Sent,9:N0}  answered {stats.Answered,9:N0}  accepted {accepted,9:N0} ({accepted - lastAccepted,6:N0}/s)  rejected {stats.Rejected.Values.Sum(),7:N0}  http-errors {stats.HttpFailures,4:N0}  in-flight {d.InFlight,4}  buffered {d.Buffered,5:N0}"));
            lastAccepted = accepted;
        }
        : null);
        var reconciliation = await Reconciliation.Run(options, corpus, model, client, log);
        return Summary.From(options, stats, driver, reconciliation, links);
    }

    public static async Task<Summary> RunWithCache(SimOptions options, TextWriter log)
    {
        var (corpus, keys) = Prepare(options, log);
        return await Run(options, corpus, keys, log);
    }

    public static (Corpus Corpus, KeyPool Keys) Prepare(SimOptions options, TextWriter log)
    {
        var keys = KeyPool.LoadOrCreate(options.CacheDirectory, 32, 8, log);
        return (Corpus.LoadOrBuild(options, keys.Ca, keys, log), keys);
    }

    public static async Task<Summary> RunInMemory(SimOptions options, DevCertificateAuthority ca, TextWriter log)
    {
        var keys = KeyPool.InMemory(ca, 4, 2);
        return await Run(options, Corpus.Build(options, ca, keys, log), keys, log);
    }
}
