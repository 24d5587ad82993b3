using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;
using Workflows.Persistence;
using Workflows.Persistence.Audit;
using Workflows.Persistence.Organisation;
using Workflows.Server.Audit;
using Workflows.Server.Dashboard;

namespace Workflows.Server.Auth;

public static class AuthenticationSetup
{
    /// <summary>Chooses the bearer scheme for API calls with a token, the Identity cookie for the UI.</summary>
    private const string BearerOrCookie = "BearerOrCookie";

    public static void AddWorkflowAuthentication(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<AuthOptions>().Bind(builder.Configuration.GetSection(AuthOptions.SectionName))
            .Validate(o => builder.Environment.IsDevelopment() || !string.IsNullOrEmpty(o.SigningKey),
                "Workflows:Auth:SigningKey is required outside Development (at least 32 characters): it signs the API's bearer tokens")
            .Validate(o => string.IsNullOrEmpty(o.SigningKey) || o.SigningKey.Length >= 32, "Workflows:Auth:SigningKey must be at least 32 characters")
            .ValidateOnStart();
        services.AddOptions<AdminOptions>().Bind(builder.Configuration.GetSection(AdminOptions.SectionName))
            .Validate(o => builder.Environment.IsDevelopment() || (!string.IsNullOrWhiteSpace(o.UserName) && !string.IsNullOrWhiteSpace(o.Password)),
                "Workflows:Admin:UserName and Workflows:Admin:Password are required outside Development: they create the first administrator")
            .ValidateOnStart();
        services.AddSingleton<TokenIssuer>();
        // The keys that protect the UI cookie and antiforgery tokens live in the database: they survive a restart and
        // every node reads the same ones (README, several nodes).
        services.AddDataProtection().SetApplicationName("Workflows").PersistKeysToDbContext<WorkflowsDbContext>();
        services.AddMemoryCache();
        services.AddHttpContextAccessor();
        services.AddSingleton<SecurityStamps>();
        services.AddSingleton<LoginThrottle>();
        services.AddScoped<PasswordCheck>();
        services.AddScoped<PasswordChanges>();
        services.AddSingleton<AuditLog>();
        services.AddScoped<IAuditTrail, AuditTrail>();
        services.AddScoped<AuditActor>();

        var auth = builder.Configuration.GetSection(AuthOptions.SectionName).Get<AuthOptions>() ?? new AuthOptions();
        services.AddAntiforgery(o => o.Cookie.SecurePolicy = auth.RequireSecureCookie ? CookieSecurePolicy.Always : CookieSecurePolicy.SameAsRequest);
        services.AddIdentity<WorkflowUser, WorkflowRole>(o =>
            {
                // Identity's per-account lockout let anyone lock anyone out; LoginThrottle counts per account and address instead.
                o.Lockout.AllowedForNewUsers = false;
                // PasswordPolicy holds the rules, so each refusal names the configured rule.
                o.Password.RequiredLength = 1;
                o.Password.RequiredUniqueChars = 1;
                o.Password.RequireNonAlphanumeric = false;
                o.Password.RequireUppercase = false;
                o.Password.RequireLowercase = false;
                o.Password.RequireDigit = false;
                o.User.RequireUniqueEmail = false;
            })
            .AddEntityFrameworkStores<WorkflowsDbContext>()
            .AddPasswordValidator<PasswordPolicy>()
            .AddDefaultTokenProviders();

        services.AddAuthentication()
            .AddJwtBearer()
            .AddPolicyScheme(BearerOrCookie, BearerOrCookie, o => o.ForwardDefaultSelector = context =>
                context.Request.Headers.Authorization.ToString().StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)
                // An API call without the cookie is a bearer client (401 with WWW-Authenticate); a page goes to the sign-in page.
                || (context.Request.Path.StartsWithSegments("/api") && !context.Request.Cookies.ContainsKey(IdentityCookieName))
                    ? JwtBearerDefaults.AuthenticationScheme
                    : IdentityConstants.ApplicationScheme);
        services.Configure<AuthenticationOptions>(o =>
        {
            o.DefaultScheme = BearerOrCookie;
            o.DefaultAuthenticateScheme = BearerOrCookie;
            o.DefaultChallengeScheme = BearerOrCookie;
            o.DefaultForbidScheme = BearerOrCookie;
        });
        services.AddSingleton<IConfigureOptions<JwtBearerOptions>, ConfigureJwtBearer>();
        services.ConfigureApplicationCookie(o =>
        {
            o.Cookie.Name = IdentityCookieName;
            o.Cookie.SecurePolicy = auth.RequireSecureCookie ? CookieSecurePolicy.Always : CookieSecurePolicy.SameAsRequest;
            // Idle sessions end: every request slides the expiry, none for IdleTimeout ends it.
            o.ExpireTimeSpan = auth.IdleTimeout;
            o.SlidingExpiration = true;
            o.Events.OnValidatePrincipal = RejectStaleCookie;
            o.Events.OnSignedIn = PrepareDashboard;
            o.LoginPath = "/login";
            o.AccessDeniedPath = "/login";
            // API callers get status codes, never a redirect to a login page.
            o.Events.OnRedirectToLogin = context => StatusFor(context, StatusCodes.Status401Unauthorized);
            o.Events.OnRedirectToAccessDenied = context => StatusFor(context, StatusCodes.Status403Forbidden);
        });

        services.AddAuthorizationBuilder()
            .SetFallbackPolicy(new AuthorizationPolicyBuilder().RequireAuthenticatedUser().Build())
            .AddPolicy(Policies.Admin, p => p.RequireRole(Roles.Admin))
            .AddPolicy(Policies.Designer, p => p.RequireRole(Roles.Admin, Roles.Designer));
    }

    private const string IdentityCookieName = ".Workflows.Identity";

    /// <summary>A cookie issued before the person's last password reset, role change, disable or sign-out is refused.</summary>
    private static async Task RejectStaleCookie(CookieValidatePrincipalContext context)
    {
        var services = context.HttpContext.RequestServices;
        var stampClaim = services.GetRequiredService<IOptions<IdentityOptions>>().Value.ClaimsIdentity.SecurityStampClaimType;
        var principal = context.Principal;
        if (principal?.Identity?.Name is not { } name
            || !await services.GetRequiredService<SecurityStamps>().IsCurrentAsync(name, principal.FindFirst(stampClaim)?.Value, context.HttpContext.RequestAborted))
        {
            context.RejectPrincipal();
            await context.HttpContext.SignOutAsync(IdentityConstants.ApplicationScheme);
        }
    }

    /// <summary>
    /// A UI session begins: the person's dashboard is read in the background, as the page will show it, because at a year
    /// of an office's work their first look would otherwise wait most of a second for it (an administrator's, two).
    /// </summary>
    private static Task PrepareDashboard(CookieSignedInContext context)
    {
        var services = context.HttpContext.RequestServices;
        services.GetRequiredService<DashboardFigures>().Prepare(services, context.Principal!);
        return Task.CompletedTask;
    }

    private static Task StatusFor(Microsoft.AspNetCore.Authentication.RedirectContext<Microsoft.AspNetCore.Authentication.Cookies.CookieAuthenticationOptions> context, int status)
    {
        if (context.Request.Path.StartsWithSegments("/api"))
        {
            context.Response.StatusCode = status;
        }
        else
        {
            context.Response.Redirect(context.RedirectUri);
        }
        return Task.CompletedTask;
    }

    private sealed class ConfigureJwtBearer(TokenIssuer issuer) : IConfigureNamedOptions<JwtBearerOptions>
    {
        public void Configure(string? name, JwtBearerOptions options)
        {
            options.MapInboundClaims = false;
            options.TokenValidationParameters = new TokenValidationParameters
            {
                ValidIssuer = issuer.Issuer,
                ValidAudience = issuer.Issuer,
                IssuerSigningKey = issuer.SigningKey,
                NameClaimType = TokenIssuer.NameClaim,
                RoleClaimType = TokenIssuer.RoleClaim,
                ClockSkew = TimeSpan.FromSeconds(30),
            };
            // A token is stateless: without this, a removed, disabled or demoted account would keep working until its token expires.
            options.Events = new JwtBearerEvents
            {
                OnTokenValidated = async context =>
                {
                    var stamps = context.HttpContext.RequestServices.GetRequiredService<SecurityStamps>();
                    if (context.Principal?.Identity?.Name is not { } name
                        || !await stamps.IsCurrentAsync(name, context.Principal.FindFirst(SecurityStamps.TokenClaim)?.Value, context.HttpContext.RequestAborted))
                    {
                        context.Fail("the token was revoked: the account was changed, disabled or signed out");
                    }
                },
            };
        }

        public void Configure(JwtBearerOptions options) => Configure(Options.DefaultName, options);
    }
}
