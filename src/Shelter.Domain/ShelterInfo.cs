namespace Shelter.Domain;

/// <summary>
/// What a municipality says about a shelter when it opens it. <paramref name="AllowCertificateOnly"/> is its tap policy:
/// meals and supply pickups may be made from the certificate alone, without a signature (off: signatures everywhere).
/// </summary>
public sealed record ShelterInfo(string Id, string Name, int Capacity, string Municipality, string TimeZone, bool AllowCertificateOnly = false)
{
    /// <summary>Whether <paramref name="other"/> is this shelter with only its tap policy changed.</summary>
    public bool DiffersOnlyInPolicy(ShelterInfo other) => other != this && other with { AllowCertificateOnly = AllowCertificateOnly } == this;
}
