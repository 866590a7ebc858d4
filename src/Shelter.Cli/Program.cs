using Shelter.Cli;
using Shelter.Tooling;

var output = Console.Out;
try
{
    return args.FirstOrDefault() switch
    {
        "verify" => VerifyCommand.Run(args[1..], output),
        "pki" => PkiCommand.Run(args[1..], output),
        "tokens" => await TokensCommand.Run(args[1..], output),
        "registry" => await RegistryCommand.Run(args[1..], output, Console.Error),
        "backup" => BackupCommand.Run(args[1..], output),
        "pseudonyms" => PseudonymsCommand.Run(args[1..], output),
        "help" or "--help" or "-h" => Help(output),
        null => throw new UsageException("a command is required"),
        var other => throw new UsageException($"unknown command '{other}'"),
    };
}
catch (HttpRequestException ex)
{
    Console.Error.WriteLine($"shelter: the node did not answer: {ex.Message}");
    return 1;
}
catch (IOException ex)
{
    Console.Error.WriteLine($"shelter: {ex.Message}");
    return 1;
}
catch (UsageException ex)
{
    Console.Error.WriteLine($"shelter: {ex.Message}");
    Console.Error.WriteLine();
    Help(Console.Error);
    return 2;
}

static int Help(TextWriter writer)
{
    writer.WriteLine("usage: shelter " + VerifyCommand.Usage);
    writer.WriteLine("       shelter " + PkiCommand.Usage.Replace("\n", "\n       shelter ", StringComparison.Ordinal));
    writer.WriteLine("       shelter " + TokensCommand.Usage.Replace("\n", "\n       shelter ", StringComparison.Ordinal));
    writer.WriteLine("       shelter " + RegistryCommand.Usage.Replace("\n", "\n       shelter ", StringComparison.Ordinal).TrimEnd());
    writer.WriteLine("       shelter " + PseudonymsCommand.Usage.TrimEnd());
    writer.WriteLine("       shelter " + BackupCommand.Usage.TrimEnd());
    writer.WriteLine("exit codes: 0 valid / done, 1 not valid, 2 usage error");
    return 0;
}
