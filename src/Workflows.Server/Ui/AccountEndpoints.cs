using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Localization;
using Microsoft.AspNetCore.Mvc;
using Workflows.Designer.Shell;
using Workflows.Persistence.Organisation;

namespace Workflows.Server.Ui;

/// <summary>The UI's sign-in, sign-out and language switch: plain form posts and links, so the cookie is set by a real response.</summary>
public static class AccountEndpoints
{
    public static RouteGroupBuilder MapAccountEndpoints(this IEndpointRouteBuilder app)
    {
        var account = app.MapGroup("").AllowAnonymous().ExcludeFromDescription();
        account.MapPost(ShellRoutes.LoginPost, Login);
        account.MapPost(ShellRoutes.Logout, Logout);
        account.MapGet(ShellRoutes.Culture, SetCulture);
        return account;
    }

    private static async Task<RedirectHttpResult> Login(
        [FromForm] string? userName, [FromForm] string? password, [FromForm] string? returnUrl, SignInManager<WorkflowUser> signIn)
    {
        var target = LocalOrHome(returnUrl);
        if (!string.IsNullOrWhiteSpace(userName) && !string.IsNullOrEmpty(password))
        {
            var result = await signIn.PasswordSignInAsync(userName, password, isPersistent: false, lockoutOnFailure: true);
            if (result.Succeeded)
            {
                return TypedResults.LocalRedirect(target);
            }
        }
        return TypedResults.LocalRedirect($"{ShellRoutes.Login}?error=1&returnUrl={Uri.EscapeDataString(target)}");
    }

    private static async Task<RedirectHttpResult> Logout(SignInManager<WorkflowUser> signIn)
    {
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
