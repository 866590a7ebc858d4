using Akka.Actor;
using Shelter.Actors;
using Shelter.Domain;

namespace Shelter.Actors.Tests;

/// <summary>Taps and questions for a running set of regions, with the time zone rules the host applies.</summary>
public sealed class Scenario(ShelterRegions regions)
{
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);
    private static readonly TimeZoneInfo Tokyo = ShelterTimeZone.Resolve("Asia/Tokyo");

    public static DateTimeOffset Noon { get; } = new(2026, 11, 24, 3, 0, 0, TimeSpan.Zero);

    public ShelterRegions Regions => regions;

    public async Task Open(params string[] shelterIds)
    {
        foreach (var id in shelterIds)
        {
            await regions.Shelters.Ask<ShelterOpenResult>(new OpenShelter(new ShelterInfo(id, "避難所 " + id, 100, "wajima", "Asia/Tokyo")), Timeout);
        }
    }

    public static Tap NewTap(string shelter, TapAction action, DateTimeOffset? at = null, Guid? tapId = null)
    {
        var when = at ?? Noon;
        return new Tap(tapId ?? Guid.NewGuid(), "reader-" + shelter, shelter, action, when, false, action == TapAction.Meal ? MealPeriod.Of(when, Tokyo) : null);
    }

    public Task<TapOutcome> Send(string evacuee, Tap tap) => regions.Evacuees.Ask<TapOutcome>(new ProcessTap(evacuee, tap), Timeout);

    public Task<TapOutcome> Tap(string evacuee, string shelter, TapAction action, DateTimeOffset? at = null) => Send(evacuee, NewTap(shelter, action, at));

    public Task<ShelterStatus> Status(string shelter) => regions.Shelters.Ask<ShelterStatus>(new GetShelterStatus(shelter), Timeout);

    /// <summary>Shelter figures arrive through the relay a moment after the tap's answer; wait until they match.</summary>
    public async Task<ShelterStatus> StatusWhen(string shelter, Func<ShelterStatus, bool> expected)
    {
        var deadline = DateTime.UtcNow + Timeout;
        while (true)
        {
            var status = await Status(shelter);
            if (expected(status))
            {
                return status;
            }
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"shelter {shelter} never matched: occupancy {status.Occupancy}, meals {string.Join(",", status.MealsByPeriod)}, offset {status.LastSourceOffset}");
            }
            await Task.Delay(50);
        }
    }
}
