using System.Collections.Concurrent;
using Akka.Actor;
using Akka.Hosting;
using Shelter.Actors;
using Shelter.Domain;

namespace Shelter.Host;

/// <summary>
/// Shelter opening data (name, capacity, time zone, policy, whether it is open), remembered for <see cref="RememberFor"/>:
/// a change made on another node (policy, capacity, 閉鎖) reaches this node's taps within that time.
/// </summary>
public sealed class ShelterDirectory(IRequiredActor<ShelterRegion> shelterRegion, IRequiredActor<MunicipalityRegion> municipalityRegion)
{
    public static readonly TimeSpan AskTimeout = TimeSpan.FromSeconds(10);

    /// <summary>How long this node trusts what it read of a shelter: a change made on another node reaches it within this.</summary>
    public static readonly TimeSpan RememberFor = TimeSpan.FromSeconds(30);

    private readonly ConcurrentDictionary<string, (ShelterInfo Info, TimeZoneInfo Zone, bool Open, long ReadAt)> _known = new(StringComparer.Ordinal);

    /// <summary>A shelter ever opened, open now or closed (<c>Open</c> false), or null.</summary>
    public async Task<(ShelterInfo Info, TimeZoneInfo Zone, bool Open)?> Find(string shelterId)
    {
        if (_known.TryGetValue(shelterId, out var known) && TimeProvider.System.GetElapsedTime(known.ReadAt) < RememberFor)
        {
            return (known.Info, known.Zone, known.Open);
        }
        var status = await Status(shelterId);
        return status.Info is null ? null : Remember(status.Info, status.IsOpen);
    }

    public async Task<ShelterStatus> Status(string shelterId)
    {
        return await (await shelterRegion.GetAsync()).Ask<ShelterStatus>(new GetShelterStatus(shelterId), AskTimeout);
    }

    /// <summary>Stock-taking at an open shelter; the answer is its status after the report.</summary>
    public async Task<ShelterStatus> ReportStock(string shelterId, SupplyItem item, long onHand, long underWay) =>
        await (await shelterRegion.GetAsync()).Ask<ShelterStatus>(new ReportSupplyStock(shelterId, item, onHand, underWay), AskTimeout);

    /// <summary>開設 at <paramref name="at"/> (now when null), or a change of capacity or policy of an open shelter.</summary>
    public async Task<ShelterOpenResult> Open(ShelterInfo info, DateTimeOffset? at = null)
    {
        var result = await (await shelterRegion.GetAsync()).Ask<ShelterOpenResult>(new OpenShelter(info, at), AskTimeout);
        await (await municipalityRegion.GetAsync()).Ask<MunicipalityShelters>(new ListShelter(result.Info.Municipality, result.Info.Id), AskTimeout);
        _known.TryRemove(info.Id, out _);
        return result;
    }

    /// <summary>閉鎖 at <paramref name="at"/>; the status after it (no <c>Info</c> when the shelter was never opened).</summary>
    public async Task<ShelterStatus> Close(string shelterId, DateTimeOffset at)
    {
        var status = await (await shelterRegion.GetAsync()).Ask<ShelterStatus>(new CloseShelter(shelterId, at), AskTimeout);
        _known.TryRemove(shelterId, out _);
        return status;
    }

    public async Task<string[]> SheltersOf(string municipality)
    {
        return (await (await municipalityRegion.GetAsync()).Ask<MunicipalityShelters>(new GetMunicipalityShelters(municipality), AskTimeout)).ShelterIds;
    }

    private (ShelterInfo, TimeZoneInfo, bool) Remember(ShelterInfo info, bool open)
    {
        var zone = ShelterTimeZone.Resolve(info.TimeZone);
        _known[info.Id] = (info, zone, open, TimeProvider.System.GetTimestamp());
        return (info, zone, open);
    }
}
