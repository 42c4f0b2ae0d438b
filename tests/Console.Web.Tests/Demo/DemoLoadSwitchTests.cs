using Bunit;
using Fencepost.ConsoleWeb.Components.Controls;
using Fencepost.ConsoleWeb.Demo;
using Fencepost.ConsoleWeb.Security;
using Fencepost.ConsoleWeb.Tests.Fakes;
using Microsoft.Extensions.DependencyInjection;

namespace Fencepost.ConsoleWeb.Tests.Demo;

public sealed class DemoLoadSwitchTests : ConsoleTestContext
{
    private readonly FakeDemoLoad _load = new();

    public DemoLoadSwitchTests() => Services.AddSingleton<IDemoLoad>(_load);

    private bool SwitchDisabled(IRenderedComponent<DemoLoadSwitch> component) =>
        component.Find("input[type=checkbox]").HasAttribute("disabled");

    [Fact]
    public void Render_Viewer_SwitchDisabledWithTheReason()
    {
        SignIn("vera", ConsoleRole.Viewer);

        var component = Render<DemoLoadSwitch>();

        Assert.True(SwitchDisabled(component));
        Assert.Contains("Viewers can read but not change anything.", component.Markup, StringComparison.Ordinal);
    }

    [Fact]
    public void Render_OperatorInReadOnlyMode_SwitchDisabled()
    {
        SignIn("olga", ConsoleRole.Operator);
        ReadOnly.Set(true);

        var component = Render<DemoLoadSwitch>();

        Assert.True(SwitchDisabled(component));
        Assert.Contains("read-only", component.Markup, StringComparison.Ordinal);
    }

    [Fact]
    public void Toggle_Operator_StartsThenStopsTheLoad()
    {
        SignIn("olga", ConsoleRole.Operator);
        var component = Render<DemoLoadSwitch>();
        Assert.False(SwitchDisabled(component));

        component.Find("input[type=checkbox]").Change(true);
        Assert.Contains("started by olga", component.Markup, StringComparison.Ordinal);
        component.Find("input[type=checkbox]").Change(false);

        Assert.Equal(["start by olga", "stop"], _load.Calls);
    }
}
