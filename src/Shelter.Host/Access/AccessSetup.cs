using System.Globalization;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;
using Shelter.Access;
using Shelter.Actors;
using Shelter.Host.Api;
using Shelter.Host.Options;
using Shelter.Persistence.Sqlite;
using Shelter.Protocol;

namespace Shelter.Host.Access;

/// <summary>Wires identity and access: the store, the two schemes, the policies, Data Protection's shared keys, and per-token rate limits.</summary>
public static class AccessSetup
{
    public const string AccessFile = "access.db";

    public static void AddShelterAccess(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<AccessOptions>().Bind(configuration.GetSection(AccessOptions.Section)).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton(sp =>
        {
            var actors = sp.GetRequiredService<IOptions<ShelterActorOptions>>().Value;
            return actors.Provider == JournalProvider.PostgreSql
                ? AccessStore.PostgreSql(actors.ConnectionString)
                : AccessStore.Sqlite(Path.Combine(sp.GetRequiredService<IOptions<ShelterOptions>>().Value.DataDirectory, AccessFile));
        });
        services.AddSingleton<BootstrapAdmin>();
        services.AddSingleton<TokenDirectory>();
        services.AddSingleton<ReaderContacts>();
        services.AddSingleton<AccessService>();
        services.AddHostedService<AccessFollower>();
        services.AddSingleton<IAuthorizationHandler, InScopeHandler>();

        services.AddDataProtection().SetApplicationName("shelter");
        services.AddOptions<KeyManagementOptions>().Configure<AccessStore, BootstrapAdmin>((keys, store, admin) =>
        {
            keys.XmlRepository = new DatabaseKeyRepository(store);
            keys.XmlEncryptor = new KeyRingEncryptor(admin);
        });

        services.AddAuthentication(AccessSchemes.Either)
            .AddPolicyScheme(AccessSchemes.Either, "token or session", policy => policy.ForwardDefaultSelector = context =>
                context.Request.Headers.Authorization.Count > 0 ? AccessSchemes.Token : AccessSchemes.Session)
            .AddScheme<AuthenticationSchemeOptions, TokenAuthenticationHandler>(AccessSchemes.Token, null)
            .AddCookie(AccessSchemes.Session, cookie =>
            {
                cookie.Cookie.Name = AccessSchemes.CookieName;
                cookie.Cookie.HttpOnly = true;
                cookie.Cookie.SecurePolicy = CookieSecurePolicy.Always;
                cookie.Cookie.SameSite = SameSiteMode.Strict;
                cookie.SlidingExpiration = true;
                cookie.Events.OnValidatePrincipal = ValidateSession;
                cookie.Events.OnRedirectToLogin = context => AccessProblems.Unauthenticated(TokenRefusal.None).ExecuteAsync(context.HttpContext);
                cookie.Events.OnRedirectToAccessDenied = context => AccessProblems.Forbidden.ExecuteAsync(context.HttpContext);
            });
        services.AddOptions<CookieAuthenticationOptions>(AccessSchemes.Session)
            .Configure<IOptions<AccessOptions>>((cookie, access) => cookie.ExpireTimeSpan = access.Value.SessionLifetime);
        services.AddAuthorizationBuilder().AddShelterPolicies();
        services.AddRateLimiter(limiter =>
        {
            limiter.OnRejected = RateLimited;
        });
        services.AddOptions<RateLimiterOptions>().Configure<IOptions<AccessOptions>>((limiter, access) =>
            limiter.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(context => Partition(context, access.Value)));
    }

    /// <summary>A session lives only as long as its token: revoking the token ends it on every node at the next request.</summary>
    private static async Task ValidateSession(CookieValidatePrincipalContext context)
    {
        var directory = context.HttpContext.RequestServices.GetRequiredService<TokenDirectory>();
        var (token, _) = await directory.Current(context.Principal?.TokenIdOf() ?? "");
        if (token is null)
        {
            context.RejectPrincipal();
            await context.HttpContext.SignOutAsync(AccessSchemes.Session);
        }
    }

    /// <summary>Each token its own bucket (a whole shelter may sit behind one address); requests without one by address.</summary>
    private static RateLimitPartition<string> Partition(HttpContext context, AccessOptions access)
    {
        if (context.User.Identity?.IsAuthenticated == true)
        {
            var (perSecond, burst) = context.User.RoleOf() switch
            {
                AccessRole.Reader => (access.ReaderRequestsPerSecond, access.ReaderBurst),
                AccessRole.Admin => (access.AdminRequestsPerSecond, access.AdminBurst),
                _ => (access.PersonRequestsPerSecond, access.PersonBurst),
            };
            return RateLimitPartition.GetTokenBucketLimiter("token:" + context.User.TokenIdOf(), _ => Bucket(perSecond, burst));
        }
        if (!context.Request.Path.StartsWithSegments("/api", StringComparison.Ordinal))
        {
            return RateLimitPartition.GetNoLimiter("page");
        }
        return RateLimitPartition.GetTokenBucketLimiter("address:" + context.Connection.RemoteIpAddress,
            _ => Bucket(access.AnonymousRequestsPerSecond, access.AnonymousBurst));
    }

    private static TokenBucketRateLimiterOptions Bucket(int perSecond, int burst) => new()
    {
        TokenLimit = burst,
        TokensPerPeriod = perSecond,
        ReplenishmentPeriod = TimeSpan.FromSeconds(1),
        QueueLimit = 0,
        AutoReplenishment = true,
    };

    private static async ValueTask RateLimited(OnRejectedContext rejected, CancellationToken cancel)
    {
        var seconds = rejected.Lease.TryGetMetadata(MetadataName.RetryAfter, out var after) ? Math.Max(1, (int)Math.Ceiling(after.TotalSeconds)) : 1;
        rejected.HttpContext.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        await Problems.Of(StatusCodes.Status429TooManyRequests, RequestReasons.RateLimited,
            $"Too many requests with this token; wait {seconds} s (Retry-After) and send again.").ExecuteAsync(rejected.HttpContext);
    }
}
