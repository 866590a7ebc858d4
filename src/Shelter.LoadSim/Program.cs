using Shelter.LoadSim;
using Shelter.Tooling;

try
{
    if (args.Contains("--help") || args.Length == 0)
    {
        Console.WriteLine(SimOptions.Usage);
        return 0;
    }
    if (args.Contains("--print-ca"))
    {
        var cache = new Arguments(args.Where(a => a != "--print-ca"), new HashSet<string>()).Optional("--cache") ?? SimOptions.DefaultCache;
        KeyPool.LoadOrCreate(cache, 32, 8, Console.Error);
        Console.WriteLine(Path.GetFullPath(KeyPool.CaCertificatePath(cache)));
        return 0;
    }
    var arguments = new Arguments(args, new HashSet<string> { "--prepare-only", "--sign-live", "--no-links" });
    var prepareOnly = arguments.Flag("--prepare-only");
    var options = SimOptions.Parse(arguments);
    arguments.RejectUnknown();
    if (prepareOnly)
    {
        // Signing the corpus takes minutes of CPU: do it before the host starts, not while it is measured.
        Simulation.Prepare(options, Console.Out);
        return 0;
    }
    var summary = await Simulation.RunWithCache(options, Console.Out);
    summary.Print(Console.Out);
    if (options.SummaryPath is { } path)
    {
        summary.WriteJson(path);
        Console.WriteLine($"summary written to {path}");
    }
    return summary.Clean ? 0 : 1;
}
catch (UsageException ex)
{
    Console.Error.WriteLine($"shelter-loadsim: {ex.Message}");
    Console.Error.WriteLine(SimOptions.Usage);
    return 2;
}
