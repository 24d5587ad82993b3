namespace Workflows.Designer.Shell;

/// <summary>Addresses the shell shares with the host, which serves the sign-in, sign-out and language endpoints.</summary>
public static class ShellRoutes
{
    public const string Login = "/login";
    public const string LoginPost = "/account/login";
    public const string Logout = "/account/logout";
    public const string ChangePassword = "/account/change-password";
    public const string Culture = "/account/culture";
    public const string Home = "/designer";
}
