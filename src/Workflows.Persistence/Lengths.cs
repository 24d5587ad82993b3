namespace Workflows.Persistence;

/// <summary>
/// Column lengths for strings that are keyed or indexed (SQL Server cannot index nvarchar(max)); everything else,
/// JSON above all, is unbounded text.
/// </summary>
internal static class Lengths
{
    /// <summary>Definition, instance, bookmark, activity, attachment ids: engine ids are 32-character GUIDs.</summary>
    public const int Id = Workflows.Core.Validation.DefinitionLimits.MaxIdLength;
    /// <summary>Enum-like values: statuses, kinds, journal events.</summary>
    public const int Code = 64;
    /// <summary>As ASP.NET Core Identity sizes user names.</summary>
    public const int UserName = 256;
    /// <summary>Names and short free text that is still indexed or listed.</summary>
    public const int Text = 512;
}
