using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Web;
using MudBlazor;

namespace Workflows.Designer.Shell;

/// <summary>
/// MudBlazor's text field, told that its input has focus as soon as the browser focuses it. On its own, MudTextField
/// learns of focus only from a key, and asks the browser for focus when it hears of a click into the field. A server
/// that hears of the click late (a busy server, a slow line) sent that request after the user had clicked into the
/// next field, took the focus back, and the keys typed there landed in this one. Every page uses this in its place.
/// </summary>
public class TextField<T> : MudTextField<T>
{
    private const string FocusEvent = "onfocus";

    private readonly EventCallback<FocusEventArgs> _focused;

    public TextField() => _focused = EventCallback.Factory.Create<FocusEventArgs>(this, () => _isFocused = true);

    protected override void OnParametersSet()
    {
        base.OnParametersSet();
        // The input gets the page's attributes; the page's own dictionary is not changed.
        if (!UserAttributes.ContainsKey(FocusEvent))
        {
            UserAttributes = new Dictionary<string, object?>(UserAttributes) { [FocusEvent] = _focused };
        }
    }
}
