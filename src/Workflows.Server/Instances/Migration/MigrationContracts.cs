using Workflows.Core.Migration;

namespace Workflows.Server.Instances.Migration;

public sealed record MigrateInstanceRequest(int? ToVersion, Dictionary<string, string>? ActivityMap, string? Reason);

public sealed record MigrateDefinitionRequest(int? FromVersion, int? ToVersion, Dictionary<string, string>? ActivityMap, List<string>? InstanceIds, string? Reason);

/// <summary>Per instance, what happened (or would, in a dry run); <see cref="Refused"/> counts those left as they were.</summary>
public sealed record BulkMigrationReport(bool DryRun, int Migrated, int Refused, IReadOnlyList<MigrationReport> Instances);

/// <summary>How many matters that have not ended run on each version.</summary>
public sealed record RunningOnVersion(int Version, int Running);
