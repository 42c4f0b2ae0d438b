using Fencepost.Diagnostics.Metrics;

namespace Fencepost.Diagnostics.Tests.Metrics;

public class RuntimeMetricsCollectionTests
{
    [Fact]
    public void Collect_ProductOptions_IncludesTheRuntimesGcPauseTime()
    {
        using var collector = new MetricsCollector(MetricsCollectorOptions.Product);
        GC.Collect(2, GCCollectionMode.Forced, blocking: true);

        var runtime = collector.Collect().Where(i => i.MeterName == MetricsCollectorOptions.RuntimeMeterName).Select(i => i.Name).ToList();

        Assert.Contains("dotnet.gc.pause.time", runtime);
        Assert.Contains("dotnet.gc.collections", runtime);
    }

    [Fact]
    public void Collect_DefaultOptions_LeavesTheRuntimesMetersOut()
    {
        using var collector = new MetricsCollector(new MetricsCollectorOptions { MeterNamePrefix = "RuntimeMetricsCollectionTests." + Guid.NewGuid() });

        Assert.DoesNotContain(collector.Collect(), i => i.MeterName == MetricsCollectorOptions.RuntimeMeterName);
    }
}
