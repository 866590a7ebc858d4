using Shelter.Host;

ShelterApp.Build(args).Run();

/// <summary>Visible to the test host.</summary>
public partial class Program;
