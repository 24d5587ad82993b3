using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using Workflows.Persistence.Organisation;

namespace Workflows.Server.Auth;

/// <summary>
/// The password rules (<c>Workflows:Auth:Password</c>): a minimum length and a mix of character classes. Each
/// broken rule is one error whose code names it, so the 400 says which rule a password broke.
/// </summary>
public sealed class PasswordPolicy(IOptions<AuthOptions> options) : IPasswordValidator<WorkflowUser>
{
    public const string MinLengthRule = "PasswordMinLength";
    public const string ClassesRule = "PasswordCharacterClasses";

    public Task<IdentityResult> ValidateAsync(UserManager<WorkflowUser> manager, WorkflowUser user, string? password) =>
        Task.FromResult(Check(password ?? "") is { Count: > 0 } errors ? IdentityResult.Failed([.. errors]) : IdentityResult.Success);

    public IReadOnlyList<IdentityError> Check(string password)
    {
        var policy = options.Value.Password;
        var errors = new List<IdentityError>();
        if (password.Length < policy.MinLength)
        {
            errors.Add(new IdentityError { Code = MinLengthRule, Description = $"password breaks the rule {MinLengthRule}: it needs at least {policy.MinLength} characters" });
        }
        var classes = new[] { password.Any(char.IsLower), password.Any(char.IsUpper), password.Any(char.IsDigit), password.Any(c => !char.IsLetterOrDigit(c)) }.Count(has => has);
        if (classes < policy.RequiredClasses)
        {
            errors.Add(new IdentityError
            {
                Code = ClassesRule,
                Description = $"password breaks the rule {ClassesRule}: it needs at least {policy.RequiredClasses} of lower case, upper case, digits and other characters",
            });
        }
        return errors;
    }
}
