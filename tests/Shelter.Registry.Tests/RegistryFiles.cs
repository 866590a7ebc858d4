namespace Shelter.Registry.Tests;

/// <summary>The registry files written for the tests, in the layouts and encodings municipalities publish.</summary>
public static class RegistryFiles
{
    public const string GsiEmergencySites = "gsi-emergency-sites.utf8bom.csv";
    public const string GsiShelters = "gsi-shelters.sjis.csv";
    public const string OdfEmergencySites = "odf-emergency-sites.utf8.csv";
    public const string OdfShelters = "odf-shelters.sjis.csv";
    public const string BadRows = "gsi-emergency-sites.bad-rows.csv";

    public static byte[] Bytes(string name) => File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "Files", name));
}
