using System.Text.Json;
using Fencepost.Diagnostics.Metrics.Export;

namespace Fencepost.Diagnostics.Tests.Metrics;

public class CloudWatchEmfFormatterTests
{
    private static readonly DateTimeOffset At = new(2026, 11, 22, 12, 0, 0, 250, TimeSpan.Zero);

    [Fact]
    public void Format_OneDimensionSet_DirectiveAndValuesAsEmfRequires()
    {
        var formatter = new CloudWatchEmfFormatter("Fencepost");

        var line = formatter.Format(
            At,
            [new("ClusterId", "c-1"), new("Store", "dsql")],
            [new EmfMetric("OccConflicts", 12, "Count"), new EmfMetric("CommitLatencyP99", 4.5, "Milliseconds")]);

        Assert.DoesNotContain('\n', line);
        using var json = JsonDocument.Parse(line);
        var root = json.RootElement;
        var aws = root.GetProperty("_aws");
        Assert.Equal(At.ToUnixTimeMilliseconds(), aws.GetProperty("Timestamp").GetInt64());
        var directive = Assert.Single(aws.GetProperty("CloudWatchMetrics").EnumerateArray());
        Assert.Equal("Fencepost", directive.GetProperty("Namespace").GetString());
        var set = Assert.Single(directive.GetProperty("Dimensions").EnumerateArray());
        Assert.Equal(["ClusterId", "Store"], set.EnumerateArray().Select(d => d.GetString()));
        Assert.Equal(
            [("OccConflicts", "Count"), ("CommitLatencyP99", "Milliseconds")],
            directive.GetProperty("Metrics").EnumerateArray().Select(m => (m.GetProperty("Name").GetString(), m.GetProperty("Unit").GetString())));
        Assert.Equal("c-1", root.GetProperty("ClusterId").GetString());
        Assert.Equal("dsql", root.GetProperty("Store").GetString());
        Assert.Equal(12, root.GetProperty("OccConflicts").GetDouble());
        Assert.Equal(4.5, root.GetProperty("CommitLatencyP99").GetDouble());
    }

    [Fact]
    public void Format_NoDimensions_EmptyDimensionSet()
    {
        var line = new CloudWatchEmfFormatter("Fencepost").Format(At, [], [new EmfMetric("Workflows", 3)]);

        using var json = JsonDocument.Parse(line);
        var set = Assert.Single(json.RootElement.GetProperty("_aws").GetProperty("CloudWatchMetrics")[0].GetProperty("Dimensions").EnumerateArray());
        Assert.Equal(0, set.GetArrayLength());
        Assert.Equal("None", json.RootElement.GetProperty("_aws").GetProperty("CloudWatchMetrics")[0].GetProperty("Metrics")[0].GetProperty("Unit").GetString());
    }

    [Fact]
    public void Format_InvalidInput_ListsEveryProblem()
    {
        var formatter = new CloudWatchEmfFormatter("Fencepost");

        var error = Assert.Throws<ArgumentException>(() => formatter.Format(
            At,
            [new("Store", "dsql")],
            [new EmfMetric("Store", 1), new EmfMetric("Bad", double.NaN)]));

        Assert.Contains("'Store'", error.Message, StringComparison.Ordinal);
        Assert.Contains("Bad is NaN", error.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => formatter.Format(At, [], []));
    }

    [Theory]
    [InlineData("s", false, "Seconds")]
    [InlineData("ms", false, "Milliseconds")]
    [InlineData("By", false, "Bytes")]
    [InlineData("By", true, "Bytes/Second")]
    [InlineData("{conflict}", false, "Count")]
    [InlineData("{conflict}", true, "Count/Second")]
    [InlineData("{request}/s", false, "Count/Second")]
    [InlineData(null, false, "None")]
    [InlineData("1", false, "None")]
    public void ToCloudWatchUnit_MapsOpenTelemetryUnits(string? unit, bool isRate, string expected) =>
        Assert.Equal(expected, CloudWatchEmfFormatter.ToCloudWatchUnit(unit, isRate));
}
