using Microsoft.Extensions.Options;

namespace Workflows.Persistence.Database;

internal sealed class DatabaseOptionsValidator : IValidateOptions<DatabaseOptions>
{
    public ValidateOptionsResult Validate(string? name, DatabaseOptions options)
    {
        var provider = options.FindProvider();
        if (provider is null)
        {
            return ValidateOptionsResult.Fail(
                $"{DatabaseOptions.SectionName}:Provider '{options.Provider}' is not supported; use one of {string.Join(", ", Enum.GetNames<DatabaseProvider>())}.");
        }
        if (provider != DatabaseProvider.Sqlite && string.IsNullOrWhiteSpace(options.ConnectionString))
        {
            return ValidateOptionsResult.Fail(
                $"{DatabaseOptions.SectionName}:Provider is {provider}, which needs the connection string ConnectionStrings:{DatabaseOptions.ConnectionStringName}.");
        }
        return ValidateOptionsResult.Success;
    }
}
