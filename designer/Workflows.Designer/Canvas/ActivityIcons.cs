using MudBlazor;

namespace Workflows.Designer.Canvas;

public static class ActivityIcons
{
    public static string For(string type) => type switch
    {
        "Start" => Icons.Material.Filled.PlayCircle,
        "End" => Icons.Material.Filled.StopCircle,
        "UserTask" => Icons.Material.Filled.Person,
        "Decision" => Icons.Material.Filled.CallSplit,
        "Switch" => Icons.Material.Filled.AltRoute,
        "Fork" => Icons.Material.Filled.ForkRight,
        "Join" => Icons.Material.Filled.MergeType,
        "SetVariable" => Icons.Material.Filled.DataObject,
        "Delay" => Icons.Material.Filled.Timer,
        "WaitSignal" => Icons.Material.Filled.NotificationsActive,
        "SendEmail" => Icons.Material.Filled.Email,
        "Notify" => Icons.Material.Filled.Forward,
        "GenerateDocument" => Icons.Material.Filled.Description,
        "WriteLine" => Icons.Material.Filled.Notes,
        "Script" => Icons.Material.Filled.Code,
        "Fault" => Icons.Material.Filled.ErrorOutline,
        "SignOffDocument" => Icons.Material.Filled.Approval,
        "HttpRequest" => Icons.Material.Filled.Http,
        "Timer" => Icons.Material.Filled.Update,
        "Cron" => Icons.Material.Filled.EventRepeat,
        "HttpEndpoint" => Icons.Material.Filled.Input,
        "WriteHttpResponse" => Icons.Material.Filled.Reply,
        _ => Icons.Material.Filled.HelpOutline,
    };
}
