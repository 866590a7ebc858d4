using System.Net;
using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using Shelter.Host.Api;
using Shelter.Privacy;

namespace Shelter.Host.Tests;

/// <summary>A node that keeps a closed disaster's people for two seconds and sweeps every second.</summary>
public sealed class RetentionHostFixture : HostFixture
{
    protected override void Configure(Microsoft.Extensions.Configuration.ConfigurationManager configuration)
    {
        configuration["Shelter:People:RetentionAfterClosing"] = "00:00:02";
        configuration["Shelter:People:SweepEvery"] = "00:00:01";
    }
}

/// <summary>
/// Erasure per disaster: once a municipality's closed disaster has been kept for its retention period, everyone it
/// registered before the closing is erased in one act, on its own; people registered after it, and other
/// municipalities' people, stay; counts do not change.
/// </summary>
public sealed class RetentionTests(RetentionHostFixture host) : IClassFixture<RetentionHostFixture>
{
    [Fact]
    public async Task A_closed_disasters_people_are_erased_after_its_retention_and_no_one_else()
    {
        await host.OpenWithReader("ret-hall", "ret-door", municipality: "ret-city");
        var a = await Register("ret-city", "ret-hall", "山田 太郎");
        var b = await Register("ret-city", null, "山田 花子");
        var elsewhere = await Register("ret-town", null, "佐藤 一郎");
        var tap = await host.Send(HttpMethod.Post, $"/api/v1/people/{a}/desk-taps", HostFixture.AdminToken, new DeskTapRequest("check-in", "ret-hall"));
        Assert.True(tap.IsSuccessStatusCode);
        await host.ShelterWhen("ret-hall", s => s.Occupancy == 1);

        var future = await host.Send(HttpMethod.Post, "/api/v1/municipalities/ret-city/disaster-closings", HostFixture.AdminToken,
            new CloseDisasterRequest(DateTimeOffset.UtcNow.AddDays(1)));
        Assert.Equal(HttpStatusCode.BadRequest, future.StatusCode);
        var desk = await host.Issue("desk", "desk of ret-city", municipality: "ret-city");
        Assert.Equal(HttpStatusCode.Forbidden, (await host.Send(HttpMethod.Post, "/api/v1/municipalities/ret-city/disaster-closings", desk, new CloseDisasterRequest())).StatusCode);
        var closed = await host.Send(HttpMethod.Post, "/api/v1/municipalities/ret-city/disaster-closings", HostFixture.AdminToken, new CloseDisasterRequest());
        Assert.Equal(HttpStatusCode.Created, closed.StatusCode);
        var closing = (await closed.Content.ReadFromJsonAsync<DisasterClosingView>(HostFixture.Json))!;
        Assert.Equal(TimeSpan.FromSeconds(2), closing.EraseAfter - closing.ClosedAt);
        var later = await Register("ret-city", null, "山田 次郎");

        var deadline = DateTime.UtcNow.AddSeconds(30);
        DisasterClosingView swept;
        do
        {
            var listed = await host.Send(HttpMethod.Get, "/api/v1/disaster-closings?municipality=ret-city", HostFixture.AdminToken);
            swept = Assert.Single((await listed.Content.ReadFromJsonAsync<DisasterClosingView[]>(HostFixture.Json))!);
            if (swept.Erased is not null || DateTime.UtcNow > deadline)
            {
                break;
            }
            await Task.Delay(200);
        }
        while (true);
        Assert.Equal(2, swept.Erased);
        Assert.True(swept.ErasedAt >= closing.EraseAfter);

        foreach (var person in new[] { a, b })
        {
            Assert.Equal(HttpStatusCode.Gone, (await host.Send(HttpMethod.Get, $"/api/v1/people/{person}", HostFixture.AdminToken)).StatusCode);
        }
        foreach (var person in new[] { later, elsewhere })
        {
            Assert.Equal(HttpStatusCode.OK, (await host.Send(HttpMethod.Get, $"/api/v1/people/{person}", HostFixture.AdminToken)).StatusCode);
        }
        var found = await host.Send(HttpMethod.Get, "/api/v1/people?name=山田太郎&birthDate=1960-01-01", HostFixture.AdminToken);
        Assert.Empty((await found.Content.ReadFromJsonAsync<PeopleFound>(HostFixture.Json))!.People);
        Assert.Equal(1, (await host.ShelterWhen("ret-hall", s => s.Occupancy == 1)).Occupancy);
        var trail = await host.Services.GetRequiredService<PeopleDirectory>().AuditTrail(a);
        Assert.Contains(trail, t => t.Action == "erased" && t.Detail == "retention" && t.By == "retention");
    }

    private async Task<string> Register(string municipality, string? shelter, string name)
    {
        var response = await host.Send(HttpMethod.Post, "/api/v1/people", HostFixture.AdminToken,
            new RegisterPersonRequest(municipality, shelter, "shelter", ["name", "birthDate"], Name: name, BirthDate: "1960-01-01"));
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<PersonView>(HostFixture.Json))!.PersonId;
    }
}
