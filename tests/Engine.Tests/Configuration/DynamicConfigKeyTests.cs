using Fencepost.Engine.Configuration.Dynamic;

namespace Fencepost.Engine.Tests.Configuration;

public class DynamicConfigKeyTests
{
    private static readonly DynamicConfigKey<int> Partitions = new("test.partitions", 4, "Partitions.", v => v is >= 1 and <= 64 ? null : "must be 1-64",
        DynamicConfigScope.Global | DynamicConfigScope.TaskQueue);

    [Theory]
    [InlineData("8", null)]
    [InlineData("0", "must be 1-64")]
    [InlineData("\"eight\"", "'test.partitions' expects a int value, got \"eight\".")]
    [InlineData("null", "'test.partitions' expects a int value, got null.")]
    public void Validate_SaysWhatIsWrong(string json, string? expected)
    {
        Assert.Equal(expected, Partitions.Validate(json));
    }

    [Fact]
    public void Durations_RoundTripAsJson()
    {
        var key = new DynamicConfigKey<TimeSpan>("test.interval", TimeSpan.FromSeconds(60), "Interval.");

        Assert.Equal(TimeSpan.FromSeconds(90), key.Parse(key.Serialize(TimeSpan.FromSeconds(90))));
        Assert.Equal("duration", key.TypeName);
    }

    [Fact]
    public void Constructor_InvalidDefault_Throws()
    {
        Assert.Throws<ArgumentException>(() => new DynamicConfigKey<int>("test.bad", 0, "Bad.", v => v > 0 ? null : "must be positive"));
    }

    [Fact]
    public void InMemoryConfig_MostSpecificScopeWins()
    {
        var config = new InMemoryDynamicConfig();
        config.Set(Partitions, 8);
        config.Set(Partitions, 16, "ns");
        config.Set(Partitions, 32, "ns", "orders");

        Assert.Equal(32, config.Get(Partitions, "ns", "orders"));
        Assert.Equal(16, config.Get(Partitions, "ns", "payments"));
        Assert.Equal(8, config.Get(Partitions, "other"));
        Assert.Equal(3, config.Version);
        Assert.Throws<ArgumentException>(() => config.Set(Partitions, 100));
    }

    [Fact]
    public void Registry_DuplicateNames_AreRefused()
    {
        Assert.Throws<ArgumentException>(() => new DynamicConfigRegistry([Partitions, Partitions]));
    }
}
