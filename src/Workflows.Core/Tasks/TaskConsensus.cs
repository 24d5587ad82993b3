namespace Workflows.Core.Tasks;

/// <summary>Whether a task is finished after a signature, and with which outcome.</summary>
public static class TaskConsensus
{
    /// <returns>The task's outcome when it is finished; null while it still needs signatures.</returns>
    public static string? Decide(TaskState task)
    {
        var done = task.Signers.Where(s => s.State == SignerState.Done).OrderBy(s => s.At).ToList();
        if (done.Count == 0)
        {
            return null;
        }
        var approve = task.Outcomes[0].Name;
        var rejected = task.Consensus == ConsensusRules.AnyRejects && done.Any(s => s.Outcome != approve);
        var pending = task.Signers.Where(s => s.State == SignerState.Pending).ToList();
        var finished = task.Mode switch
        {
            // 并行会签: everyone signs, even after a rejection, so every opinion is on record.
            TaskModes.All => pending.Count == 0,
            TaskModes.Sequential => pending.Count == 0 || rejected,
            // Single and 或签: one completion ends it, unless someone was added (加签) whose signature is still needed.
            _ => !pending.Any(s => s.Required) || rejected,
        };
        if (!finished)
        {
            return null;
        }
        if (task.Consensus == ConsensusRules.Majority)
        {
            return done.GroupBy(s => s.Outcome!)
                .OrderByDescending(g => g.Count())
                .ThenByDescending(g => task.Outcomes.FindIndex(o => o.Name == g.Key))
                .First().Key;
        }
        return done.FirstOrDefault(s => s.Outcome != approve)?.Outcome ?? approve;
    }
}
