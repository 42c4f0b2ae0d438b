using System.Globalization;
using Fencepost.ConsoleWeb.Data.Charts;
using Microsoft.AspNetCore.Components;

namespace Fencepost.ConsoleWeb.Components.Controls;

/// <summary>
/// Draws a <see cref="ChartSeries"/>. It re-renders only when the points or marks differ by value from
/// the last render, so a quiet series costs no diff while the page around it updates.
/// </summary>
public sealed partial class Sparkline : ComponentBase
{
    private SparklineGeometry _geometry = null!;
    private ChartSeries? _drawnSeries;
    private IReadOnlyList<ConfigMark> _drawnMarks = [];
    private bool _changed = true;

    [Parameter, EditorRequired]
    public required ChartSeries Series { get; set; }

    [Parameter]
    public IReadOnlyList<ConfigMark> Marks { get; set; } = [];

    private string AriaLabel => $"{Series.Name} per second, {Series.Unit}, {Series.From.UtcDateTime:HH:mm:ss} to {Series.To.UtcDateTime:HH:mm:ss} UTC"
        + (Series.HasData ? string.Empty : ", no data");

    protected override void OnParametersSet()
    {
        // Marks sit at fixed times, so they move whenever the window does; points alone compare by value.
        _changed = _drawnSeries is null
            || !_drawnSeries.Points.SequenceEqual(Series.Points)
            || !_drawnMarks.SequenceEqual(Marks)
            || (Marks.Count > 0 && _drawnSeries.From != Series.From);
        if (_changed)
        {
            _geometry = new SparklineGeometry(Series, Marks);
            _drawnSeries = Series;
            _drawnMarks = Marks;
        }
    }

    protected override bool ShouldRender() => _changed;

    private static string Fmt(double value) => value.ToString("0.##", CultureInfo.InvariantCulture);
}
