using Shelter.Benchmarks;

return args.FirstOrDefault() switch
{
    "credentials" => CredentialBenchmark.Run(args[1..]),
    "actors" => await ActorBenchmark.Run(args[1..]),
    "ceilings" => Ceilings.Run(args[1..]),
    "recovery" => await RecoveryBenchmark.Run(args[1..]),
    "station" => await StationBenchmark.Run(args[1..]),
    "municipality" => await MunicipalityBenchmark.Run(args[1..]),
    _ => Usage(),
};

static int Usage()
{
    Console.Error.WriteLine("usage: dotnet run -c Release --project src/Shelter.Benchmarks -- credentials|actors|ceilings|recovery|station|municipality [--quick]");
    return 2;
}
