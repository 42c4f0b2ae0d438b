using MudBlazor;

namespace Fencepost.ConsoleWeb.Components.Layout;

/// <summary>The console's colours: MudBlazor's defaults with a calmer dark palette for long watching.</summary>
public static class ConsoleTheme
{
    public static MudTheme Theme { get; } = new()
    {
        PaletteDark = new PaletteDark
        {
            Primary = "#7c9cff",
            Background = "#14161d",
            Surface = "#1c1f29",
            AppbarBackground = "#1c1f29",
            DrawerBackground = "#181b23",
        },
    };
}
