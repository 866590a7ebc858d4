using Shelter.Benchmarks;

return args.FirstOrDefault() switch
{
    "credentials" => CredentialBenchmark.Run(args[1..]),
    "actors" => await ActorBenchmark.Run(args[1..]),
    _ => Usage(),
};

static int Usage()
{
    Console.Error.WriteLine("usage: dotnet run -c Release --project src/Shelter.Benchmarks -- credentials|actors [--quick]");
    return 2;
}
