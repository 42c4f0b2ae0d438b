using Fencepost.Benchmarks.Runs;


namespace Fencepost.Benchmarks.Tests;

public sealed class BenchmarkStartRequestTests
{
    [Fact]
    public void Validate_EveryFieldWrong_ReportsEachByField()
    {
        var errors = new BenchmarkStartRequest { Scenario = "nope", Rate = -1, DurationSeconds = 0, WarmupSeconds = -1, CalibrationSeconds = 61 }.Validate();

        Assert.Equal(
            [nameof(BenchmarkStartRequest.CalibrationSeconds), nameof(BenchmarkStartRequest.DurationSeconds), nameof(BenchmarkStartRequest.Rate),
                nameof(BenchmarkStartRequest.Scenario), nameof(BenchmarkStartRequest.WarmupSeconds)],
            errors.Keys.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void ToOptions_ShortWarmup_RampFitsInsideAndOptionsValidate()
    {
        var options = new BenchmarkStartRequest { Rate = 5, DurationSeconds = 3, WarmupSeconds = 1, CalibrationSeconds = 0 }.ToOptions();

        Assert.Equal(TimeSpan.FromSeconds(1), options.RampUp);
        Assert.Empty(options.Validate());
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void ToOptions_EagerStart_IsPassedToTheDriver(bool eager)
    {
        var options = new BenchmarkStartRequest { EagerStart = eager }.ToOptions();

        Assert.Equal(eager, options.EagerStart);
    }
}
