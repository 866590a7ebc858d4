namespace Shelter.Station.Tests;

/// <summary>
/// A test through the real PC/SC daemon (<see cref="PcscdRig"/>). Skipped, saying why, without the rig, except in CI,
/// where it must run.
/// </summary>
public sealed class PcscdFactAttribute : FactAttribute
{
    public PcscdFactAttribute()
    {
        if (Environment.GetEnvironmentVariable(PcscdRig.Variable) is null && Environment.GetEnvironmentVariable("CI") != "true")
        {
            Skip = $"needs the private pcscd: run under ops/pcsc-rig.sh (it sets {PcscdRig.Variable}); CI does";
        }
    }
}
