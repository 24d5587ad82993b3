using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Localization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using Workflows.Designer.Shell;
using Workflows.Persistence.Organisation;
using Workflows.Server.Audit;
using Workflows.Server.Auth;

namespace Workflows.Server.Ui;

/// <summary>The UI's sign-in, sign-out and language switch: plain form posts and links, so the cookie is set by a real response.</summary>
public static class AccountEndpoints
{
    public static RouteGroupBuilder MapAccountEndpoints(this IEndpointRouteBuilder app)
    {
        var account = app.MapGroup("").AllowAnonymous().ExcludeFromDescription();
        account.MapPost(ShellRoutes.LoginPost, Login);
        // A cross-site form must not be able to sign a person out: the post carries the page's antiforgery token.
        account.MapPost(ShellRoutes.Logout, Logout);
        account.MapPost(ShellRoutes.ChangePassword, ChangePassword);
        account.MapGet(ShellRoutes.Culture, SetCulture);
        return account;
    }

    private static async Task<RedirectHttpResult> Login(
        [FromForm] string? userName, [FromForm] string? password, [FromForm] string? returnUrl, HttpContext http,
        PasswordCheck check, SignInManager<WorkflowUser> signIn, IOptions<AuthOptions> options, IAuditTrail audit)
    {
        var target = LocalOrHome(returnUrl);
        if (!string.IsNullOrWhiteSpace(userName) && !string.IsNullOrEmpty(password))
        {
            var result = await check.CheckAsync(userName, password, http.Connection.RemoteIpAddress, http.RequestAborted);
            if (result is { Verdict: SignInVerdict.Succeeded, User: { } user })
            {
                if (options.Value.RequirePasswordChange && user.MustChangePassword)
                {
                    return TypedResults.LocalRedirect(
                        $"{ShellRoutes.ChangePassword}?userName={Uri.EscapeDataString(userName)}&returnUrl={Uri.EscapeDataString(target)}");
                }
                await SignInAsync(http, user, signIn, audit);
                return TypedResults.LocalRedirect(target);
            }
        }
        return TypedResults.LocalRedirect($"{ShellRoutes.Login}?error=1&returnUrl={Uri.EscapeDataString(target)}");
    }

    /// <summary>The forced change after an administrator set the password: checks the current one like a sign-in, then signs in.</summary>
    private static async Task<RedirectHttpResult> ChangePassword(
        [FromForm] string? userName, [FromForm] string? password, [FromForm] string? newPassword, [FromForm] string? returnUrl, HttpContext http,
        PasswordCheck check, PasswordChanges changes, SignInManager<WorkflowUser> signIn, IAuditTrail audit)
    {
        var target = LocalOrHome(returnUrl);
        string error;
        if (string.IsNullOrWhiteSpace(userName) || string.IsNullOrEmpty(password) || string.IsNullOrEmpty(newPassword))
        {
            error = "userName, password and newPassword are required";
        }
        else if (await check.CheckAsync(userName, password, http.Connection.RemoteIpAddress, http.RequestAborted) is not { Verdict: SignInVerdict.Succeeded, User: { } user })
        {
            error = "wrong user name or password";
        }
        else if (await changes.ChangeAsync(user, password, newPassword, http.RequestAborted) is { Count: > 0 } errors)
        {
            error = string.Join(" ", errors.Values.SelectMany(e => e));
        }
        else
        {
            await SignInAsync(http, user, signIn, audit);
            return TypedResults.LocalRedirect(target);
        }
        return TypedResults.LocalRedirect($"{ShellRoutes.ChangePassword}?userName={Uri.EscapeDataString(userName ?? "")}"
            + $"&returnUrl={Uri.EscapeDataString(target)}&error={Uri.EscapeDataString(error)}");
    }

    /// <summary>Sets the cookie (which starts reading the person's dashboard, <see cref="AuthenticationSetup"/>) and records the sign-in.</summary>
    private static async Task SignInAsync(HttpContext http, WorkflowUser user, SignInManager<WorkflowUser> signIn, IAuditTrail audit)
    {
        await signIn.SignInAsync(user, isPersistent: false);
        await audit.RecordAsync(AuditActions.SignIn, user.UserName, new { via = "ui" }, http.RequestAborted, user.UserName);
    }

    /// <summary>Ends every session of the person, not just this browser's: the stamp renews, so all their cookies and tokens die.</summary>
    private static async Task<Results<RedirectHttpResult, ProblemHttpResult>> Logout(
        HttpContext http, IAntiforgery antiforgery, SignInManager<WorkflowUser> signIn, UserManager<WorkflowUser> users, SecurityStamps stamps, IAuditTrail audit)
    {
        // A cross-site form must not be able to sign a person out: the post carries the page's antiforgery token.
        if (!await antiforgery.IsRequestValidAsync(http))
        {
            return TypedResults.Problem("the sign-out form's antiforgery token is missing or invalid", statusCode: StatusCodes.Status400BadRequest);
        }
        if (http.User.Identity?.Name is { } name && await users.FindByNameAsync(name) is { } user)
        {
            await users.UpdateSecurityStampAsync(user);
            stamps.Forget(name);
            await audit.RecordAsync(AuditActions.SignOut, name, new { via = "ui" }, http.RequestAborted);
        }
        await signIn.SignOutAsync();
        return TypedResults.LocalRedirect(ShellRoutes.Login);
    }

    private static RedirectHttpResult SetCulture(string? culture, string? returnUrl, HttpContext http)
    {
        if (UiSetup.Cultures.FirstOrDefault(c => c.Name == culture) is { } chosen)
        {
            http.Response.Cookies.Append(CookieRequestCultureProvider.DefaultCookieName,
                CookieRequestCultureProvider.MakeCookieValue(new RequestCulture(chosen)),
                new CookieOptions { Expires = DateTimeOffset.UtcNow.AddYears(1), IsEssential = true, HttpOnly = true, SameSite = SameSiteMode.Lax });
        }
        return TypedResults.LocalRedirect(LocalOrHome(returnUrl));
    }

    /// <summary>
    /// Only addresses on this site: a crafted returnUrl must not send a signed-in user elsewhere. Without one, everyone
    /// lands on their inbox at <c>/</c>; the designer is only for designers.
    /// </summary>
    private static string LocalOrHome(string? returnUrl) =>
        !string.IsNullOrEmpty(returnUrl) && returnUrl.StartsWith('/') && !returnUrl.StartsWith("//") && !returnUrl.StartsWith("/\\")
            ? returnUrl
            : "/";
}
