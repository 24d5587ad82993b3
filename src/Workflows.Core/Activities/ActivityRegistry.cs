using Microsoft.Extensions.DependencyInjection;

namespace Workflows.Core.Activities;

/// <summary>Marks an activity class for the registry; added by <c>WorkflowEngineBuilder.AddActivity&lt;T&gt;()</c>.</summary>
public sealed record ActivityRegistration(Type ActivityType);

/// <summary>The activity types the engine knows, by their type name in definitions.</summary>
public sealed class ActivityRegistry
{
    private readonly Dictionary<string, ActivityDescriptor> _byType;

    public ActivityRegistry(IEnumerable<ActivityRegistration> registrations, IServiceProvider services)
    {
        _byType = registrations
            .Select(r => (Activity)ActivatorUtilities.CreateInstance(services, r.ActivityType))
            .Select(ActivityDescriptor.Describe)
            .ToDictionary(d => d.Type, StringComparer.Ordinal);
    }

    public IReadOnlyCollection<ActivityDescriptor> Descriptors => _byType.Values;

    public ActivityDescriptor? Find(string type) => _byType.GetValueOrDefault(type);
}
