using System.Security.Claims;
using Workflows.Core.Definitions;
using Workflows.Persistence.Instances;
using Workflows.Server.Auth;

namespace Workflows.Server.Instances.Adjustments;

/// <summary>Administrators adjust any matter; an office role may when the matter's definition lists it in <c>options.adjusterRoles</c>.</summary>
public sealed class AdjustmentPermissions(IWorkflowDefinitionSource definitions)
{
    public async Task<bool> MayAdjustAsync(ClaimsPrincipal user, InstanceRecord instance, CancellationToken cancellationToken)
    {
        if (user.IsAdmin())
        {
            return true;
        }
        var definition = await definitions.FindAsync(instance.DefinitionId, instance.DefinitionVersion, cancellationToken);
        return definition?.Options?.AdjusterRoles?.Any(user.IsInRole) == true;
    }
}

public static class AdjustmentSetup
{
    public static IServiceCollection AddInstanceAdjustments(this IServiceCollection services) =>
        services.AddScoped<AdjustmentPermissions>().AddScoped<AuditedAdjuster>().AddScoped<AdjustmentsApi.Guard>();
}
