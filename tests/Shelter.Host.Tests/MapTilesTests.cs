using System.ComponentModel.DataAnnotations;
using System.Net.Http.Json;
using System.Text.Json;
using Shelter.Host.Dashboard;
using Shelter.Host.Options;

namespace Shelter.Host.Tests;

/// <summary>The optional tile server: validated at start, handed to the page, and the only other origin its policy allows.</summary>
public sealed class MapTilesTests(TilesHostFixture host) : IClassFixture<TilesHostFixture>
{
    [Theory]
    [InlineData("http://tiles.example.jp/{z}/{x}/{y}.png")]
    [InlineData("https://tiles.example.jp/{z}/{x}.png")]
    [InlineData("https://tiles.example.jp/{z}/{x}/{y}/{w}.png")]
    [InlineData("not a url {z}{x}{y}")]
    [InlineData("https://tiles.example.jp/{z}/{x}/{y}.png'; script-src *")]
    public void A_tile_url_that_is_not_an_https_template_is_refused(string url)
    {
        var problems = new DashboardOptions { TileUrl = url }.Validate(new ValidationContext(new object())).ToArray();
        Assert.Contains(problems, p => p.MemberNames.Contains(nameof(DashboardOptions.TileUrl)));
    }

    [Fact]
    public async Task The_page_gets_the_tile_server_and_may_load_images_from_it_and_nowhere_else()
    {
        var viewer = await host.Issue("viewer", "tiles viewer");
        var settings = await (await host.Send(HttpMethod.Get, "/api/v1/dashboard/map", viewer)).Content.ReadFromJsonAsync<MapSettings>(JsonSerializerOptions.Web);
        Assert.Equal(new MapSettings("/lib/map/japan-prefectures.json", TilesHostFixture.TileUrl, "© 地図の提供者"), settings);

        var page = await host.Send(HttpMethod.Get, "/", token: null);
        var policy = string.Join(";", page.Headers.GetValues("Content-Security-Policy"));
        Assert.Contains("img-src 'self' data: https://tiles.example.jp;", policy, StringComparison.Ordinal);
        Assert.Contains("connect-src 'self';", policy, StringComparison.Ordinal);
        Assert.Equal(System.Net.HttpStatusCode.Unauthorized, (await host.Send(HttpMethod.Get, "/api/v1/dashboard/map", token: null)).StatusCode);
    }
}

public sealed class TilesHostFixture : HostFixture
{
    public const string TileUrl = "https://tiles.example.jp/{z}/{x}/{y}.png";

    protected override void Configure(Microsoft.Extensions.Configuration.ConfigurationManager configuration)
    {
        configuration["Shelter:Dashboard:TileUrl"] = TileUrl;
        configuration["Shelter:Dashboard:TileAttribution"] = "© 地図の提供者";
    }
}
