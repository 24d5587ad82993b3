using Bunit;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using Workflows.Designer.Shell;

namespace Workflows.Designer.Tests.Shell;

public sealed class CultureSwitchTests : DesignerContext
{
    [Fact]
    public void TheLink_FollowsNavigation_SoSwitchingReturnsToTheCurrentPage()
    {
        var navigation = Context.Services.GetRequiredService<NavigationManager>();
        var link = Context.Render<CultureSwitch>();

        navigation.NavigateTo("/tasks/abc");

        link.WaitForAssertion(() =>
            Assert.Contains("returnUrl=%2Ftasks%2Fabc", link.Find("[data-testid=culture-switch]").GetAttribute("href")));
    }
}
