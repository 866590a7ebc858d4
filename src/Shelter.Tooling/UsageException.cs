namespace Shelter.Tooling;

/// <summary>The operator's command line is wrong: exit code 2 with a sentence saying what to fix.</summary>
public sealed class UsageException(string message) : Exception(message);
