using System.Collections.Concurrent;
using Akka.Actor;
using Akka.Hosting;
using Shelter.Actors;
using Shelter.Domain;

namespace Shelter.Host;

/// <summary>Shelter opening data (name, capacity, time zone), cached: it does not change once a shelter is open.</summary>
public sealed class ShelterDirectory(IRequiredActor<ShelterRegion> shelterRegion, IRequiredActor<MunicipalityRegion> municipalityRegion)
{
    public static readonly TimeSpan AskTimeout = TimeSpan.FromSeconds(10);

    /// <summary>How long this node trusts what it read of an open shelter: a tap policy changed on another node reaches it within this.</summary>
    public static readonly TimeSpan RememberFor = TimeSpan.FromSeconds(30);

    private readonly ConcurrentDictionary<string, (ShelterInfo Info, TimeZoneInfo Zone, long ReadAt)> _open = new(StringComparer.Ordinal);

    public async Task<(ShelterInfo Info, TimeZoneInfo Zone)?> Find(string shelterId)
    {
        if (_open.TryGetValue(shelterId, out var known) && TimeProvider.System.GetElapsedTime(known.ReadAt) < RememberFor)
        {
            return (known.Info, known.Zone);
        }
        var status = await Status(shelterId);
        return status.Info is null ? null : Remember(status.Info);
    }

    public async Task<ShelterStatus> Status(string shelterId)
    {
        return await (await shelterRegion.GetAsync()).Ask<ShelterStatus>(new GetShelterStatus(shelterId), AskTimeout);
    }

    /// <summary>Stock-taking at an open shelter; the answer is its status after the report.</summary>
    public async Task<ShelterStatus> ReportStock(string shelterId, SupplyItem item, long onHand, long underWay) =>
        await (await shelterRegion.GetAsync()).Ask<ShelterStatus>(new ReportSupplyStock(shelterId, item, onHand, underWay), AskTimeout);

    public async Task<ShelterOpenResult> Open(ShelterInfo info)
    {
        var result = await (await shelterRegion.GetAsync()).Ask<ShelterOpenResult>(new OpenShelter(info), AskTimeout);
        await (await municipalityRegion.GetAsync()).Ask<MunicipalityShelters>(new ListShelter(result.Info.Municipality, result.Info.Id), AskTimeout);
        Remember(result.Info);
        return result;
    }

    public async Task<string[]> SheltersOf(string municipality)
    {
        return (await (await municipalityRegion.GetAsync()).Ask<MunicipalityShelters>(new GetMunicipalityShelters(municipality), AskTimeout)).ShelterIds;
    }

    private (ShelterInfo, TimeZoneInfo) Remember(ShelterInfo info)
    {
        var zone = ShelterTimeZone.Resolve(info.TimeZone);
        _open[info.Id] = (info, zone, TimeProvider.System.GetTimestamp());
        return (info, zone);
    }
}
