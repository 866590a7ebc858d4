using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Shelter.Credentials.DevPki;
using Shelter.Host.Taps;
using Shelter.Protocol;

namespace Shelter.Host.Tests;

/// <summary>The whole reader flow over HTTP against the real host, with dev-PKI signatures.</summary>
public sealed class ReaderFlowTests(HostFixture host) : IClassFixture<HostFixture>
{
    [Fact]
    public async Task Check_in_meal_second_meal_move_and_check_out()
    {
        var readerA = await host.OpenWithReader("flow-a", "flow-reader-a");
        var readerB = await host.OpenWithReader("flow-b", "flow-reader-b");
        using var card = host.Ca.Issue();

        var checkIn = (await host.PostTaps(readerA, host.Tap(card, "flow-reader-a", "flow-a", "check-in"))).Single();
        Assert.Equal(TapStatusCodes.Accepted, checkIn.Status);
        Assert.Equal("checked-in", checkIn.Outcome);
        var evacuee = await host.EvacueeOf(card);
        Assert.Matches("^[0-9a-f]{64}$", evacuee.EvacueeId);
        Assert.NotEqual(card.Fingerprint, evacuee.EvacueeId);
        Assert.Equal("flow-a", evacuee.CurrentShelterId);
        await host.ShelterWhen("flow-a", s => s.Occupancy == 1 && s.ProvisionalOccupants == 1);

        var meal = (await host.PostTaps(readerA, host.Tap(card, "flow-reader-a", "flow-a", "meal"))).Single();
        Assert.Equal("meal-served", meal.Outcome);
        var again = (await host.PostTaps(readerA, host.Tap(card, "flow-reader-a", "flow-a", "meal"))).Single();
        Assert.Equal(TapStatusCodes.Rejected, again.Status);
        Assert.Equal("meal-already-served", again.Reason);
        Assert.StartsWith("Already served", again.Message, StringComparison.Ordinal);

        var moved = (await host.PostTaps(readerB, host.Tap(card, "flow-reader-b", "flow-b", "check-in"))).Single();
        Assert.Equal("moved", moved.Outcome);
        await host.ShelterWhen("flow-a", s => s.Occupancy == 0);
        var b = await host.ShelterWhen("flow-b", s => s.Occupancy == 1);
        Assert.Equal("避難所 flow-b", b.Name);

        Assert.Equal("checked-out", (await host.PostTaps(readerB, host.Tap(card, "flow-reader-b", "flow-b", "check-out"))).Single().Outcome);
        await host.ShelterWhen("flow-b", s => s.Occupancy == 0 && s.Departures == 1);
        var a = await host.ShelterWhen("flow-a", s => s.MealsToday.Breakfast + s.MealsToday.Lunch + s.MealsToday.Dinner == 1);
        Assert.Equal(1, a.Arrivals);
        Assert.Equal(1, a.MealsByPeriod.Values.Sum());

        var found = await host.Send(HttpMethod.Get, $"/api/v1/evacuees/{evacuee.EvacueeId}", HostFixture.AdminToken);
        var view = (await found.Content.ReadFromJsonAsync<Api.EvacueeView>(HostFixture.Json))!;
        Assert.Null(view.CurrentShelterId);
        Assert.Single(view.MealsServed);
        Assert.Equal(HttpStatusCode.NotFound, (await host.Send(HttpMethod.Get, $"/api/v1/evacuees/{card.Fingerprint}", HostFixture.AdminToken)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await host.Send(HttpMethod.Get, $"/api/v1/evacuees/{evacuee.EvacueeId}", host.ViewerToken)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await host.Send(HttpMethod.Get, $"/api/v1/evacuees/{new string('0', 64)}", HostFixture.AdminToken)).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await host.Send(HttpMethod.Get, "/api/v1/evacuees/Robert", HostFixture.AdminToken)).StatusCode);
    }

    [Fact]
    public async Task A_backlog_that_arrives_after_a_later_move_moves_no_one_back_and_the_desk_sees_it()
    {
        var readerA = await host.OpenWithReader("order-a", "order-reader-a");
        var readerB = await host.OpenWithReader("order-b", "order-reader-b");
        using var card = host.Ca.Issue();
        var at = DateTimeOffset.UtcNow.AddHours(-3);
        Assert.Equal("checked-in", (await host.PostTaps(readerB, host.Tap(card, "order-reader-b", "order-b", "check-in", at.AddHours(2)))).Single().Outcome);

        // Reader A was offline for three hours: its check-in from before the person went to B arrives now.
        var late = await host.PostTaps(readerA, host.Tap(card, "order-reader-a", "order-a", "check-in", at), host.Tap(card, "order-reader-a", "order-a", "meal", at));
        Assert.Equal((TapStatusCodes.Accepted, "superseded"), (late[0].Status, late[0].Outcome));
        Assert.Equal("meal-served", late[1].Outcome);
        await host.ShelterWhen("order-a", s => s.MealsByPeriod.Values.Sum() == 1);
        Assert.Equal(0, (await host.ShelterWhen("order-a", s => s.Occupancy == 0)).Arrivals);
        Assert.Equal(1, (await host.ShelterWhen("order-b", s => s.Occupancy == 1)).Occupancy);

        var view = await host.EvacueeOf(card);
        Assert.Equal("order-b", view.CurrentShelterId);
        var superseded = Assert.Single(view.SupersededMoves);
        Assert.Equal(("order-a", "check-in"), (superseded.ShelterId, superseded.Action));
    }

    [Fact]
    public async Task P384_and_temporary_card_taps_are_accepted()
    {
        var reader = await host.OpenWithReader("kinds", "kinds-reader");
        using var nextGen = host.Ca.Issue(new DevIssueOptions { KeyKind = DevKeyKind.EcdsaP384 });
        var results = await host.PostTaps(reader,
            host.Tap(nextGen, "kinds-reader", "kinds", "check-in"),
            DevTaps.TemporaryCard("0123456789ABCDEF", "kinds-reader", "kinds", "check-in", DateTimeOffset.UtcNow));
        Assert.All(results, r => Assert.Equal(TapStatusCodes.Accepted, r.Status));
        Assert.Equal("kinds", (await host.EvacueeOfCard("0123456789abcdef")).CurrentShelterId);
        await host.ShelterWhen("kinds", s => s.Occupancy == 2);
    }

    [Fact]
    public async Task The_same_tap_posted_concurrently_takes_effect_once()
    {
        var reader = await host.OpenWithReader("twice", "twice-reader");
        using var card = host.Ca.Issue();
        var tap = host.Tap(card, "twice-reader", "twice", "check-in");
        var results = (await Task.WhenAll(Enumerable.Range(0, 6).Select(_ => host.PostTaps(reader, tap)))).Select(r => r.Single()).ToList();

        Assert.Single(results, r => r.Status == TapStatusCodes.Accepted);
        Assert.All(results.Where(r => r.Status != TapStatusCodes.Accepted), r =>
        {
            Assert.Equal(TapStatusCodes.Duplicate, r.Status);
            Assert.Equal("checked-in", r.Outcome);
        });
        var view = await host.ShelterWhen("twice", s => s.Occupancy == 1);
        Assert.Equal(1, view.Arrivals);

        // A batch repeating a tap gets a duplicate for the repeat.
        var second = host.Tap(card, "twice-reader", "twice", "supply-pickup");
        var batch = await host.PostTaps(reader, second, second);
        Assert.Equal(TapStatusCodes.Accepted, batch[0].Status);
        Assert.Equal(TapStatusCodes.Duplicate, batch[1].Status);
        await host.ShelterWhen("twice", s => s.SupplyPickups == 1);
    }

    [Fact]
    public async Task Municipality_totals_sum_its_shelters()
    {
        var r1 = await host.OpenWithReader("muni-1", "muni-r1", municipality: "summed");
        var r2 = await host.OpenWithReader("muni-2", "muni-r2", municipality: "summed");
        using var one = host.Ca.Issue();
        using var two = host.Ca.Issue();
        await host.PostTaps(r1, host.Tap(one, "muni-r1", "muni-1", "check-in"));
        await host.PostTaps(r2, host.Tap(two, "muni-r2", "muni-2", "check-in"));
        await host.ShelterWhen("muni-2", s => s.Occupancy == 1);
        await host.ShelterWhen("muni-1", s => s.Occupancy == 1);

        var response = await host.Send(HttpMethod.Get, "/api/v1/municipalities/summed", host.ViewerToken);
        var view = (await response.Content.ReadFromJsonAsync<Api.MunicipalityView>(HostFixture.Json))!;
        Assert.Equal(2, view.Totals.Shelters);
        Assert.Equal(2, view.Totals.Occupancy);
        Assert.Equal(200, view.Totals.Capacity);
    }

    [Fact]
    public async Task Health_and_openapi_are_served()
    {
        foreach (var path in new[] { "/alive", "/ready", "/healthz", "/health" })
        {
            var response = await host.Send(HttpMethod.Get, path, null);
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"{path}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        }
        using (var detail = JsonDocument.Parse(await (await host.Send(HttpMethod.Get, "/health", null)).Content.ReadAsStringAsync()))
        {
            Assert.Equal("Healthy", detail.RootElement.GetProperty("status").GetString());
            var checks = detail.RootElement.GetProperty("checks");
            Assert.Equal(["cluster", "journal", "process", "read-side", "revocation"], checks.EnumerateObject().Select(c => c.Name).Order());
            Assert.Equal("Up", checks.GetProperty("cluster").GetProperty("data").GetProperty("member").GetString());
        }
        var openapi = await host.Send(HttpMethod.Get, "/openapi/v1.json", null);
        Assert.Equal(HttpStatusCode.OK, openapi.StatusCode);
        using var document = JsonDocument.Parse(await openapi.Content.ReadAsStringAsync());
        var paths = document.RootElement.GetProperty("paths");
        Assert.True(paths.TryGetProperty("/api/v1/taps", out _));
        Assert.True(paths.TryGetProperty("/api/v1/shelters/{shelterId}/readers", out _));
    }
}
