using Fencepost.ConsoleWeb.Metrics;

namespace Fencepost.ConsoleWeb.Tests.Metrics;

public class MetricsExportOptionsValidatorTests
{
    [Fact]
    public void Validate_Defaults_Succeed()
    {
        Assert.True(new MetricsExportOptionsValidator().Validate(null, new MetricsExportOptions()).Succeeded);
    }

    [Fact]
    public void Validate_ZeroIntervalAndEmptyNamespace_ReportsBoth()
    {
        var options = new MetricsExportOptions { CloudWatchEmf = { Enabled = true, Interval = TimeSpan.Zero, Namespace = " " } };

        var result = new MetricsExportOptionsValidator().Validate(null, options);

        Assert.True(result.Failed);
        Assert.Contains(result.Failures!, f => f.Contains("Interval", StringComparison.Ordinal));
        Assert.Contains(result.Failures!, f => f.Contains("Namespace", StringComparison.Ordinal));
    }
}
