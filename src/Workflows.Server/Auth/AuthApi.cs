using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;
using Workflows.Persistence.Organisation;

namespace Workflows.Server.Auth;

public sealed record TokenRequest(string? UserName, string? Password);

public sealed record TokenResponse(string AccessToken, string TokenType, int ExpiresIn);

public static class AuthApi
{
    public static RouteGroupBuilder MapAuthApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/auth").WithTags("Auth");
        api.MapPost("/token", IssueToken).AllowAnonymous()
            .WithSummary("Exchange a user name and password for a bearer token")
            .WithDescription("Repeated failed attempts lock the account for a while (Workflows:Auth:MaxFailedLogins, LockoutDuration).");
        return api;
    }

    private static async Task<Results<Ok<TokenResponse>, ValidationProblem, ProblemHttpResult>> IssueToken(
        TokenRequest request, UserManager<WorkflowUser> users, SignInManager<WorkflowUser> signIn, TokenIssuer tokens)
    {
        if (string.IsNullOrWhiteSpace(request.UserName) || string.IsNullOrEmpty(request.Password))
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]>
            {
                ["userName"] = string.IsNullOrWhiteSpace(request.UserName) ? ["userName is required"] : [],
                ["password"] = string.IsNullOrEmpty(request.Password) ? ["password is required"] : [],
            }.Where(p => p.Value.Length > 0).ToDictionary());
        }
        var user = await users.FindByNameAsync(request.UserName);
        if (user is null)
        {
            return Unauthorized("wrong user name or password");
        }
        var check = await signIn.CheckPasswordSignInAsync(user, request.Password, lockoutOnFailure: true);
        if (check.IsLockedOut)
        {
            var until = await users.GetLockoutEndDateAsync(user);
            return Unauthorized($"the account is locked after repeated failed logins until {until:yyyy-MM-dd HH:mm:ss} UTC");
        }
        if (!check.Succeeded)
        {
            return Unauthorized("wrong user name or password");
        }
        var (token, expiresIn) = tokens.Issue(user.UserName!, await users.GetRolesAsync(user));
        return TypedResults.Ok(new TokenResponse(token, "Bearer", expiresIn));
    }

    private static ProblemHttpResult Unauthorized(string detail) =>
        TypedResults.Problem(detail, statusCode: StatusCodes.Status401Unauthorized, title: "Sign-in failed");
}
