using Microsoft.Extensions.Localization;
using MudBlazor;

namespace Workflows.Designer.Resources;

/// <summary>
/// MudBlazor's own words (a pager's button labels, read out by screen readers) in the UI's language: a key
/// <c>Mud_</c>+MudBlazor's key in <see cref="Strings"/> is used where there is one; MudBlazor's English otherwise.
/// </summary>
internal sealed class MudStrings(IStringLocalizer<Strings> strings) : MudLocalizer
{
    public override LocalizedString this[string key] =>
        strings["Mud_" + key] is { ResourceNotFound: false } found ? new LocalizedString(key, found.Value) : base[key];
}
