using Fencepost.Engine.Cluster.Ring;

namespace Fencepost.Engine.Tests.Cluster;

public sealed class ConsistentHashRingTests
{
    private const int ShardCount = 512;
    private const uint PinnedHash = 0xb5edc422;
    private static readonly string?[] PinnedOwners = ["history-3", "history-2", "history-2", "history-1", "history-3", "history-3", "history-2", "history-1"];

    public static TheoryData<string[]> ThreeHostSets => new()
    {
        { ["history-1", "history-2", "history-3"] },
        { ["ip-10-0-1-17-4711-a1b2c3", "ip-10-0-2-33-4712-d4e5f6", "ip-10-0-3-9-4713-0789ab"] },
        { ["a", "b", "c"] },
    };

    [Theory]
    [MemberData(nameof(ThreeHostSets))]
    public void Assign_ThreeHosts_EachGetsAboutAThird(string[] hosts)
    {
        var ring = new ConsistentHashRing(hosts);

        var counts = ring.Assign(ShardCount).GroupBy(h => h!).ToDictionary(g => g.Key, g => g.Count());

        Assert.Equal(hosts.Order(StringComparer.Ordinal), counts.Keys.Order(StringComparer.Ordinal));
        // 100 virtual nodes per host keep each share within about +-25 % of the fair 1/3 (171 of 512).
        Assert.All(counts, c => Assert.InRange(c.Value, 128, 214));
    }

    [Theory]
    [MemberData(nameof(ThreeHostSets))]
    public void Assign_FourthHostJoins_MovesAboutAQuarterAllToTheNewHost(string[] hosts)
    {
        var before = new ConsistentHashRing(hosts).Assign(ShardCount);
        var after = new ConsistentHashRing([.. hosts, "history-new-4"]).Assign(ShardCount);

        var moved = Enumerable.Range(0, ShardCount).Where(s => before[s] != after[s]).ToList();

        Assert.All(moved, s => Assert.Equal("history-new-4", after[s]));
        Assert.InRange(moved.Count, ShardCount / 8, ShardCount * 35 / 100);
    }

    [Fact]
    public void Assign_HostLeaves_OnlyItsShardsMove()
    {
        var before = new ConsistentHashRing(["h1", "h2", "h3", "h4"]).Assign(ShardCount);
        var after = new ConsistentHashRing(["h1", "h2", "h4"]).Assign(ShardCount);

        var moved = Enumerable.Range(0, ShardCount).Where(s => before[s] != after[s]).ToList();

        Assert.NotEmpty(moved);
        Assert.All(moved, s => Assert.Equal("h3", before[s]));
        Assert.DoesNotContain("h3", after);
    }

    [Fact]
    public void Assign_EveryShard_HasExactlyOneOwnerRegardlessOfInputOrder()
    {
        var forward = new ConsistentHashRing(["x", "y", "z", "y"]).Assign(ShardCount);
        var reversed = new ConsistentHashRing(["z", "y", "x"]).Assign(ShardCount);

        Assert.All(forward, owner => Assert.NotNull(owner));
        Assert.Equal(forward, reversed);
    }

    [Fact]
    public void OwnerOf_EmptyRing_IsNull()
    {
        Assert.True(ConsistentHashRing.Empty.IsEmpty);
        Assert.Null(ConsistentHashRing.Empty.OwnerOf(0));
    }

    [Theory]
    [InlineData("", 0x811c9dc5u)]
    [InlineData("a", 0xe40c292cu)]
    [InlineData("foobar", 0xbf9cf968u)]
    public void Fnv1a_PublishedVectors_Match(string text, uint expected) => Assert.Equal(expected, StableHash.Fnv1a(text));

    [Fact]
    public void OwnerOf_PinnedInputs_SameInEveryProcess()
    {
        // Values computed once and pinned: a per-process seed (string.GetHashCode, Random) would break this on the next run.
        var ring = new ConsistentHashRing(["history-1", "history-2", "history-3"]);

        var owners = Enumerable.Range(0, 8).Select(ring.OwnerOf).ToArray();

        Assert.Equal(PinnedOwners, owners);
        Assert.Equal(PinnedHash, StableHash.Of("shard-0"));
    }
}
