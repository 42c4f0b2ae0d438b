using System.Text;
using Fencepost.Engine.History;

namespace Fencepost.Engine.Tests.History;

/// <summary>Shard placement is stored state: the hash must never change for any workflow id.</summary>
public class ShardResolverTests
{
    private static readonly Guid Namespace = Guid.Parse("6f1c2d4e-0000-4000-8000-000000000001");

    public static TheoryData<string> WorkflowIds => new()
    {
        "order-42",
        "",
        "ünïcødé-工作流-🚀",
        new string('x', 255),
        new string('é', 200),
        "lone-surrogate-\ud800-end",
    };

    [Theory]
    [MemberData(nameof(WorkflowIds))]
    public void GetShardId_AnyWorkflowId_MatchesFnv1aOfTheJoinedUtf8String(string workflowId)
    {
        foreach (var shards in new[] { 1, 4, 16, 512, 16_384 })
        {
            Assert.Equal(Reference(Namespace, workflowId, shards), ShardResolver.GetShardId(Namespace, workflowId, shards));
        }
    }

    [Fact]
    public void GetShardId_KnownWorkflow_KeepsItsShard()
    {
        // Pinned (FNV-1a 66549237): changing it moves every stored workflow to another shard.
        Assert.Equal(13_813, ShardResolver.GetShardId(Namespace, "order-42", 16_384));
        Assert.Equal(5, ShardResolver.GetShardId(Namespace, "order-42", 16));
    }

    /// <summary>The definition: 32-bit FNV-1a over the UTF-8 bytes of namespace_id + "_" + workflow_id.</summary>
    private static int Reference(Guid namespaceId, string workflowId, int shardCount)
    {
        var hash = 2166136261u;
        foreach (var b in Encoding.UTF8.GetBytes(namespaceId.ToString("D") + "_" + workflowId))
        {
            hash = (hash ^ b) * 16777619u;
        }
        return (int)(hash % (uint)shardCount);
    }
}
