using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using Workflows.Persistence.Organisation;
using Workflows.Server.Audit;

namespace Workflows.Server.Auth;

/// <param name="NewPassword">Chooses a new password in the same call; required while the account must change its password.</param>
public sealed record TokenRequest(string? UserName, string? Password, string? NewPassword = null);

public sealed record TokenResponse(string AccessToken, string TokenType, int ExpiresIn);

public static class AuthApi
{
    /// <summary>The <c>code</c> of the 403 that asks for <c>newPassword</c>.</summary>
    public const string PasswordChangeRequired = "PasswordChangeRequired";

    public static RouteGroupBuilder MapAuthApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/auth").WithTags("Auth");
        api.MapPost("/token", IssueToken).AllowAnonymous()
            .WithSummary("Exchange a user name and password for a bearer token")
            .WithDescription("Repeated failures for one account from one address, or from one address for any account, refuse that address "
                + "for a while (Workflows:Auth:MaxFailedLogins, MaxFailedLoginsPerAddress, LockoutDuration); other addresses are not affected. "
                + "A person whose password an administrator set gets 403 with code PasswordChangeRequired until the body also carries newPassword.");
        api.MapPost("/sign-out", SignOut)
            .WithSummary("End every session of the caller: all their bearer tokens and UI cookies stop working");
        return api;
    }

    private static async Task<Results<Ok<TokenResponse>, ValidationProblem, ProblemHttpResult>> IssueToken(
        TokenRequest request, HttpContext http, UserManager<WorkflowUser> users, PasswordCheck check, PasswordChanges changes,
        TokenIssuer tokens, IOptions<AuthOptions> options, IAuditTrail audit, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(request.UserName) || string.IsNullOrEmpty(request.Password))
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]>
            {
                ["userName"] = string.IsNullOrWhiteSpace(request.UserName) ? ["userName is required"] : [],
                ["password"] = string.IsNullOrEmpty(request.Password) ? ["password is required"] : [],
            }.Where(p => p.Value.Length > 0).ToDictionary());
        }
        var address = http.Connection.RemoteIpAddress;
        var result = await check.CheckAsync(request.UserName, request.Password, address, cancellationToken);
        switch (result.Verdict)
        {
            case SignInVerdict.Throttled:
                return Unauthorized($"too many failed sign-ins for this account from your address; try again after {result.BlockedUntil:yyyy-MM-dd HH:mm:ss} UTC");
            case SignInVerdict.Disabled:
                return Unauthorized("the account is disabled");
            case SignInVerdict.WrongCredentials:
                return Unauthorized("wrong user name or password");
        }
        var user = result.User!;
        if (options.Value.RequirePasswordChange && user.MustChangePassword)
        {
            if (string.IsNullOrEmpty(request.NewPassword))
            {
                return TypedResults.Problem(new ProblemDetails
                {
                    Title = "Password change required",
                    Status = StatusCodes.Status403Forbidden,
                    Detail = "an administrator set this password: choose your own by sending newPassword with the same request",
                    Extensions = { ["code"] = PasswordChangeRequired },
                });
            }
            if (await changes.ChangeAsync(user, request.Password, request.NewPassword, cancellationToken) is { Count: > 0 } errors)
            {
                return TypedResults.ValidationProblem(errors);
            }
        }
        await audit.RecordAsync(AuditActions.SignIn, user.UserName, new { via = "token" }, cancellationToken, user.UserName, address?.ToString());
        var (token, expiresIn) = tokens.Issue(user.UserName!, await users.GetRolesAsync(user), user.SecurityStamp);
        return TypedResults.Ok(new TokenResponse(token, "Bearer", expiresIn));
    }

    private static async Task<NoContent> SignOut(HttpContext http, UserManager<WorkflowUser> users, SecurityStamps stamps, IAuditTrail audit, CancellationToken cancellationToken)
    {
        if (await users.FindByNameAsync(http.User.UserName()) is { } user)
        {
            await users.UpdateSecurityStampAsync(user);
            stamps.Forget(user.UserName!);
            await audit.RecordAsync(AuditActions.SignOut, user.UserName, new { via = "api" }, cancellationToken);
        }
        return TypedResults.NoContent();
    }

    private static ProblemHttpResult Unauthorized(string detail) =>
        TypedResults.Problem(detail, statusCode: StatusCodes.Status401Unauthorized, title: "Sign-in failed");
}
