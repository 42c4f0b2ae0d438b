using Fencepost.Engine.Persistence.Ids;
using Microsoft.Extensions.Time.Testing;

namespace Fencepost.Engine.Tests.Persistence;

public class SnowflakeIdGeneratorTests
{
    [Fact]
    public void NextId_ManyInOneMillisecond_AreUniqueAndIncreasing()
    {
        var generator = new SnowflakeIdGenerator(5, new FakeTimeProvider(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero)));

        var ids = Enumerable.Range(0, 10_000).Select(_ => generator.NextId()).ToList();

        Assert.Equal(ids.Order(), ids);
        Assert.Equal(ids.Count, ids.Distinct().Count());
        Assert.All(ids, id => Assert.Equal(5, (id >> 12) & 0x3FF));
    }

    [Fact]
    public void NextId_ClockGoesBackwards_StaysIncreasing()
    {
        var time = new SettableClock { Now = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero) };
        var generator = new SnowflakeIdGenerator(1, time);
        var before = generator.NextId();

        time.Now = time.Now.AddSeconds(-5);

        Assert.True(generator.NextId() > before);
    }

    [Fact]
    public void Constructor_NodeOutOfRange_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new SnowflakeIdGenerator(1024, TimeProvider.System));
    }

    /// <summary>A clock that can be set backwards (FakeTimeProvider refuses to), as NTP can do to a real one.</summary>
    private sealed class SettableClock : TimeProvider
    {
        public DateTimeOffset Now { get; set; }

        public override DateTimeOffset GetUtcNow() => Now;
    }
}
