namespace Workflows.Core.Triggers;

/// <summary>
/// The activities an instance can begin at: Start (by a person or the API) and the start triggers, which also say
/// what starts it (a schedule, an HTTP request). A definition has exactly one of them.
/// </summary>
public static class StartTypes
{
    public const string Start = "Start";
    public const string Timer = "Timer";
    public const string Cron = "Cron";
    public const string HttpEndpoint = "HttpEndpoint";

    public static bool IsStart(string? type) => type is Start or Timer or Cron or HttpEndpoint;

    public static bool IsScheduled(string? type) => type is Timer or Cron;
}
