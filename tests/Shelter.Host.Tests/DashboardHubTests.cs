using System.Collections.Concurrent;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;
using Shelter.Credentials.DevPki;
using Shelter.Host.Dashboard;
using Shelter.Protocol;

namespace Shelter.Host.Tests;

/// <summary>The SignalR hub with the real .NET client against the real host.</summary>
public sealed class DashboardHubTests(HostFixture host) : IClassFixture<HostFixture>
{
    private async Task<HubConnection> Connect(string token)
    {
        var connection = new HubConnectionBuilder()
            .WithUrl(new Uri(host.Http.BaseAddress!, DashboardHub.Path), options => options.AccessTokenProvider = () => Task.FromResult<string?>(token))
            .AddJsonProtocol(json => json.PayloadSerializerOptions = HostFixture.Json)
            .Build();
        await connection.StartAsync();
        return connection;
    }

    private static ReaderTap CardTap(string reader, string shelter, int n) =>
        DevTaps.TemporaryCard(n.ToString("x16", System.Globalization.CultureInfo.InvariantCulture), reader, shelter, "check-in", DateTimeOffset.UtcNow);

    [Fact]
    public async Task A_tap_changes_the_numbers_and_a_thousand_taps_arrive_as_a_few_updates()
    {
        var token = await host.OpenWithReader("hub", "hub-reader");
        await using var connection = await Connect(host.ViewerToken);
        var updates = new ConcurrentQueue<DashboardView>();
        connection.On<DashboardView>("update", updates.Enqueue);
        var first = await connection.InvokeAsync<DashboardView>("Watch", "shelter:hub");
        Assert.All(first.Shelters, s => Assert.Equal("hub", s.Id));

        await host.PostTaps(token, CardTap("hub-reader", "hub", 1));
        var one = await Eventually(updates, v => v.Shelters.Any(s => s.Id == "hub" && s.Occupancy == 1));
        Assert.Equal(1, one.Shelters.Single().Arrivals);

        updates.Clear();
        var watch = System.Diagnostics.Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, 10).Select(batch =>
            host.PostTaps(token, [.. Enumerable.Range(0, 100).Select(i => CardTap("hub-reader", "hub", 1000 + (batch * 100) + i))])));
        var posted = watch.Elapsed;
        await Eventually(updates, v => v.Shelters.Any(s => s.Id == "hub" && s.Occupancy == 1001));
        var coalesced = updates.Count;
        // At most one message per 500 ms interval for this scope, however many taps landed in it.
        var allowed = (int)Math.Ceiling(watch.Elapsed.TotalMilliseconds / 500) + 1;
        Assert.True(coalesced <= allowed, $"{coalesced} updates for 1,000 taps posted in {posted.TotalMilliseconds:0} ms (allowed {allowed})");
        Assert.True(coalesced < 50, $"{coalesced} updates for 1,000 taps");
    }

    [Fact]
    public async Task A_connection_without_a_viewer_token_is_refused()
    {
        var refused = await Assert.ThrowsAnyAsync<Exception>(async () =>
        {
            await using var connection = await Connect("not-a-token");
            await connection.InvokeAsync<DashboardView>("Watch", "all");
        });
        Assert.NotNull(refused);
    }

    [Fact]
    public async Task Stock_reports_drive_needs_and_alerts()
    {
        var token = await host.OpenWithReader("stock", "stock-reader", capacity: 10);
        await using var connection = await Connect(HostFixture.AdminToken);
        var updates = new ConcurrentQueue<DashboardView>();
        connection.On<DashboardView>("update", updates.Enqueue);
        await connection.InvokeAsync<DashboardView>("Watch", "shelter:stock");

        await host.PostTaps(token, [.. Enumerable.Range(0, 9).Select(i => CardTap("stock-reader", "stock", 50 + i))]);
        var crowded = await Eventually(updates, v => v.Shelters.Any(s => s.Id == "stock" && s.Occupancy == 9));
        var shelter = crowded.Shelters.Single();
        Assert.Contains("capacity-80", shelter.Alerts);
        Assert.Contains("shortage:blankets", shelter.Alerts);
        Assert.Equal(18, shelter.Needs.Single(n => n.Item == "blankets").Needed);

        var report = await host.Send(HttpMethod.Post, "/api/v1/shelters/stock/supplies", HostFixture.AdminToken, new Api.SupplyReportRequest("blankets", 10, 8));
        Assert.True(report.IsSuccessStatusCode, await report.Content.ReadAsStringAsync());
        var stocked = await Eventually(updates, v => v.Shelters.Any(s => s.Id == "stock" && !s.Alerts.Contains("shortage:blankets")));
        Assert.Equal(0, stocked.Shelters.Single().Needs.Single(n => n.Item == "blankets").Shortage);

        var bad = await host.Send(HttpMethod.Post, "/api/v1/shelters/stock/supplies", HostFixture.AdminToken, new Api.SupplyReportRequest("gold", 1, 0));
        Assert.Equal(System.Net.HttpStatusCode.BadRequest, bad.StatusCode);
    }

    private static async Task<DashboardView> Eventually(ConcurrentQueue<DashboardView> updates, Func<DashboardView, bool> expected)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (DateTime.UtcNow < deadline)
        {
            if (updates.LastOrDefault(expected) is { } found)
            {
                return found;
            }
            await Task.Delay(50);
        }
        throw new TimeoutException($"no matching update among {updates.Count}");
    }
}
