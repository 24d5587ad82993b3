using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;
using Workflows.Persistence;
using Workflows.Persistence.Organisation;

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

        var auth = builder.Configuration.GetSection(AuthOptions.SectionName).Get<AuthOptions>() ?? new AuthOptions();
        services.AddIdentity<WorkflowUser, WorkflowRole>(o =>
            {
                o.Lockout.MaxFailedAccessAttempts = auth.MaxFailedLogins;
                o.Lockout.DefaultLockoutTimeSpan = auth.LockoutDuration;
                o.Lockout.AllowedForNewUsers = true;
                o.Password.RequiredLength = 8;
                o.Password.RequireNonAlphanumeric = false;
                o.Password.RequireUppercase = false;
                o.User.RequireUniqueEmail = false;
            })
            .AddEntityFrameworkStores<WorkflowsDbContext>()
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
            // A token is stateless: without this, a removed account would keep working until its token expires.
            options.Events = new JwtBearerEvents
            {
                OnTokenValidated = async context =>
                {
                    var users = context.HttpContext.RequestServices.GetRequiredService<UserManager<WorkflowUser>>();
                    if (context.Principal?.Identity?.Name is not { } name || await users.FindByNameAsync(name) is null)
                    {
                        context.Fail("the account no longer exists");
                    }
                },
            };
        }

        public void Configure(JwtBearerOptions options) => Configure(Options.DefaultName, options);
    }
}
