using System.Net;
using System.Net.Http.Json;
using Shelter.Credentials.DevPki;
using Shelter.Host.Api;
using Shelter.Protocol;

namespace Shelter.Host.Tests;

/// <summary>Temporary cards over HTTP: unknown cards refused where no walk-ins are taken, issued at the desk to a person, withdrawn.</summary>
public sealed class TemporaryCardTests(HostFixture host) : IClassFixture<HostFixture>
{
    private const string Card = "0123456789abcdef";

    [Fact]
    public async Task A_card_works_once_issued_to_a_person_and_stops_once_withdrawn()
    {
        var reader = await host.OpenWithReader("card-a", "card-reader-a", allowWalkIns: false);
        var walkIns = await host.OpenWithReader("card-b", "card-reader-b");
        var unknown = (await host.PostTaps(reader, DevTaps.TemporaryCard(Card, "card-reader-a", "card-a", "check-in", DateTimeOffset.UtcNow))).Single();
        Assert.Equal((TapStatusCodes.Rejected, "unknown-card"), (unknown.Status, unknown.Reason));
        var walkIn = (await host.PostTaps(walkIns, DevTaps.TemporaryCard("00000000000000ff", "card-reader-b", "card-b", "check-in", DateTimeOffset.UtcNow))).Single();
        Assert.Equal(("checked-in", "walk-in"), (walkIn.Outcome, walkIn.Flag));

        var desk = await host.Issue("desk", "desk at card-a", shelterId: "card-a");
        var person = (await (await host.Send(HttpMethod.Post, "/api/v1/people", desk, new RegisterPersonRequest("testcity", "card-a", "shelter", [])))
            .Content.ReadFromJsonAsync<PersonView>(HostFixture.Json))!.PersonId;
        var issued = await host.Send(HttpMethod.Post, $"/api/v1/people/{person}/temporary-cards", desk, new IssueCardRequest(Card.ToUpperInvariant()));
        Assert.Equal(HttpStatusCode.OK, issued.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await host.Send(HttpMethod.Post, $"/api/v1/people/{person}/temporary-cards", desk, new IssueCardRequest("12"))).StatusCode);

        var checkIn = (await host.PostTaps(reader, DevTaps.TemporaryCard(Card, "card-reader-a", "card-a", "check-in", DateTimeOffset.UtcNow))).Single();
        Assert.Equal(("checked-in", null), (checkIn.Outcome, checkIn.Flag));
        Assert.Equal(person, (await host.EvacueeOfCard(Card)).EvacueeId);
        var moveAlone = (await host.PostTaps(walkIns, DevTaps.TemporaryCard(Card, "card-reader-b", "card-b", "check-in", DateTimeOffset.UtcNow))).Single();
        Assert.Equal("move-needs-desk", moveAlone.Reason);

        var noReason = await host.Send(HttpMethod.Post, $"/api/v1/temporary-cards/{Card}/withdrawal", desk, new WithdrawCardRequest(null));
        Assert.Equal(HttpStatusCode.BadRequest, noReason.StatusCode);
        var outOfScope = await host.Send(HttpMethod.Post, "/api/v1/temporary-cards/00000000000000ff/withdrawal", desk, new WithdrawCardRequest("lost"));
        Assert.Equal(HttpStatusCode.NotFound, outOfScope.StatusCode);
        var withdrawn = await host.Send(HttpMethod.Post, $"/api/v1/temporary-cards/{Card}/withdrawal", desk, new WithdrawCardRequest("lost"));
        Assert.Equal(HttpStatusCode.OK, withdrawn.StatusCode);
        var after = (await host.PostTaps(reader, DevTaps.TemporaryCard(Card, "card-reader-a", "card-a", "meal", DateTimeOffset.UtcNow))).Single();
        Assert.Equal("card-withdrawn", after.Reason);
        await host.ShelterWhen("card-a", s => s.Occupancy == 1 && s.ProvisionalOccupants == 0);
    }
}
