namespace Workflows.Server.Ledgers;

public static class LedgerSetup
{
    /// <summary>The ledgers (台账) of the procedures.</summary>
    public static void AddLedgers(this IHostApplicationBuilder builder) => builder.Services.AddScoped<LedgerBuilder>();
}
