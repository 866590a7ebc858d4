using Akka.Actor;
using Shelter.Actors;

namespace Shelter.Host.Api;

/// <summary>
/// The two steps of every link and unlink the desk makes: the credential's entity decides and stores it, then its
/// hand-over is sent to the person's entity (which the credential also sends by itself); asking for the second step
/// makes the desk's answer wait until the person has what the credential brought or took back.
/// </summary>
internal static class CredentialLinks
{
    /// <summary>Links (or issues) with <paramref name="command"/>, which the credential's entity answers with a <see cref="LinkAnswer"/>.</summary>
    public static async Task<LinkAnswer> Link(IActorRef evacuees, object command, string personId, string evacueeId, DateTimeOffset at)
    {
        var answer = await evacuees.Ask<LinkAnswer>(command, ShelterDirectory.AskTimeout);
        if (answer.Done)
        {
            await evacuees.Ask<Absorbed>(new AbsorbCredential(personId, evacueeId, answer.Own!, at), ShelterDirectory.AskTimeout);
        }
        return answer;
    }

    public static async Task<LinkAnswer> Unlink(IActorRef evacuees, string personId, string evacueeId, string by, DateTimeOffset at)
    {
        var answer = await evacuees.Ask<LinkAnswer>(new UnlinkCredential(evacueeId, personId, by, at), ShelterDirectory.AskTimeout);
        if (answer.Done)
        {
            await evacuees.Ask<Absorbed>(new ReleaseCredential(personId, evacueeId, at), ShelterDirectory.AskTimeout);
        }
        return answer;
    }
}
