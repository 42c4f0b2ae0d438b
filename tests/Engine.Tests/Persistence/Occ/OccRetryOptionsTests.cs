using Fencepost.Engine.Persistence.Occ;

namespace Fencepost.Engine.Tests.Persistence.Occ;

public class OccRetryOptionsTests
{
    [Fact]
    public void Defaults_AreTheDsqlPluginsAndValid()
    {
        var options = new OccRetryOptions();

        Assert.Equal((5, TimeSpan.FromMilliseconds(100), TimeSpan.FromSeconds(5), 0.25), (options.MaxRetries, options.BaseDelay, options.MaxDelay, options.JitterFraction));
        Assert.Empty(options.Validate());
    }

    [Theory]
    [InlineData(1, 100)]
    [InlineData(2, 200)]
    [InlineData(4, 800)]
    [InlineData(7, 5_000)]
    [InlineData(40, 5_000)]
    public void BackoffFor_WithoutJitter_DoublesUpToTheCap(int retry, double expectedMs)
    {
        var options = new OccRetryOptions();

        Assert.Equal(expectedMs, options.BackoffFor(retry, unitRandom: 0.5).TotalMilliseconds, precision: 6);
    }

    [Fact]
    public void BackoffFor_JitterStaysWithinTwentyFivePercent()
    {
        var options = new OccRetryOptions();

        Assert.Equal(150, options.BackoffFor(2, 0).TotalMilliseconds, precision: 6);
        Assert.Equal(250, options.BackoffFor(2, 1).TotalMilliseconds, precision: 6);
    }

    [Fact]
    public void Validate_ReportsEveryProblemAtOnce()
    {
        var options = new OccRetryOptions { MaxRetries = -1, BaseDelay = TimeSpan.FromSeconds(2), MaxDelay = TimeSpan.FromSeconds(1), JitterFraction = 2 };

        Assert.Equal(3, options.Validate().Count);
    }
}
