using System.Globalization;
using System.Security.Claims;
using Microsoft.Extensions.Options;
using Shelter.Domain;
using Shelter.Host.Access;
using Shelter.Host.Api;
using Shelter.Host.Dashboard;
using Shelter.Host.Options;
using Shelter.Host.Security;
using Shelter.Registry;

namespace Shelter.Host.Reports;

/// <summary>Reports upward: shelter status in L-Alert's shape and the daily report, as JSON or CSV, from this node's latest figures.</summary>
public static class ReportEndpoints
{
    public const string Json = "json";
    public const string Csv = "csv";

    public static void MapReportEndpoints(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/v1/reports").WithTags("reports").RequireAuthorization(AccessPolicies.Viewer);
        api.MapGet("/shelter-status", Status).WithName("ShelterStatusReport")
            .Produces<ShelterStatusReport>().Produces<byte[]>(StatusCodes.Status200OK, "text/csv").ProducesProblem(StatusCodes.Status400BadRequest);
        api.MapGet("/daily", Daily).WithName("DailyReport")
            .Produces<DailyReportRow[]>().Produces<byte[]>(StatusCodes.Status200OK, "text/csv").ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status404NotFound);
    }

    private static async Task<IResult> Status(ClaimsPrincipal user, PlaceAccess places, PlaceStore store, DashboardState dashboard, IOptions<ShelterOptions> options,
        TimeProvider clock, string? municipality, string? format, string? encoding, CancellationToken cancel)
    {
        if (Refusal(format, encoding) is { } bad)
        {
            return bad;
        }
        if (await places.MunicipalityAsked(user, municipality, "reports on") is { } refusal)
        {
            return refusal;
        }
        var registry = await store.Of(municipality is null ? null : [municipality], cancel);
        var figures = dashboard.Figures.Where(f => municipality is null || f.Info?.Municipality == municipality);
        var report = StatusReports.Build(registry, figures, municipality, options.Value.DisasterName, dashboard.TakenAt ?? clock.GetUtcNow());
        return format == Csv
            ? Results.File(ReportCsv.Status(report, encoding), ContentType(encoding), $"shelter-status-{municipality ?? "all"}-{Stamp(report.CheckedAt)}.csv")
            : TypedResults.Ok(report);
    }

    private static async Task<IResult> Daily(ClaimsPrincipal user, PlaceAccess places, DashboardState dashboard, TimeProvider clock, string? shelter,
        string? municipality, string? date, string? format, string? encoding)
    {
        if (Refusal(format, encoding) is { } bad)
        {
            return bad;
        }
        if ((shelter is null) == (municipality is null))
        {
            return Problems.Invalid("shelter-or-municipality", "Give shelter=ID for one shelter's report, or municipality=ID for one row per shelter.");
        }
        DateOnly? day = null;
        if (date is not null)
        {
            if (!DateOnly.TryParseExact(date, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var parsed))
            {
                return Problems.Invalid("invalid-date", "date is a local day as yyyy-MM-dd.");
            }
            day = parsed;
        }
        List<DashboardSnapshot> shelters;
        if (shelter is not null)
        {
            if ((await places.Shelter(user, shelter)).Refusal is { } refusal)
            {
                return refusal;
            }
            shelters = dashboard.FiguresOf(shelter) is { } one ? [one] : [];
        }
        else
        {
            if (await places.MunicipalityAsked(user, municipality, "reports on") is { } refusal)
            {
                return refusal;
            }
            shelters = [.. dashboard.Figures.Where(f => f.Info?.Municipality == municipality).OrderBy(f => f.Info!.Id, StringComparer.Ordinal)];
        }
        if (shelters.Count == 0)
        {
            return Problems.Of(StatusCodes.Status404NotFound, "no-figures", "No figures for it on this node yet: is it open, and has the dashboard caught up?");
        }
        var now = clock.GetUtcNow();
        var rows = shelters.Select(f => DailyReports.Build(f, day ?? MealPeriod.LocalDay(now, ShelterTimeZone.Resolve(f.Info!.TimeZone)), dashboard.Rates, now)).ToArray();
        return format == Csv
            ? Results.File(ReportCsv.Daily(rows, encoding), ContentType(encoding), $"daily-{shelter ?? municipality}-{rows[0].Date}.csv")
            : TypedResults.Ok(rows);
    }

    private static IResult? Refusal(string? format, string? encoding) =>
        format is not (null or Json or Csv) ? Problems.Invalid("invalid-format", "format is json (the default) or csv.")
        : !ReportCsv.IsEncoding(encoding) ? Problems.Invalid("invalid-encoding", "encoding is utf-8 (the default, with a BOM) or shift_jis; it applies to csv.")
        : null;

    private static string ContentType(string? encoding) => $"text/csv; charset={(encoding == ReportCsv.ShiftJis ? "shift_jis" : "utf-8")}";

    private static string Stamp(DateTimeOffset at) => at.ToOffset(TimeSpan.FromHours(9)).ToString("yyyyMMdd-HHmm", CultureInfo.InvariantCulture);
}
