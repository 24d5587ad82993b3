using Workflows.Persistence.Instances;

namespace Workflows.Server.MatterBatches;

public static class MatterBatchSetup
{
    /// <summary>合并办理: delivering one matter's decision to the waiting tasks of the other matters it names.</summary>
    public static IServiceCollection AddMatterBatches(this IServiceCollection services)
    {
        services.AddSingleton<TaskCompletionSignal>();
        services.AddSingleton<ICommitFollowUp>(sp => sp.GetRequiredService<TaskCompletionSignal>());
        services.AddHostedService<TaskCompletionDispatcher>();
        return services;
    }
}
