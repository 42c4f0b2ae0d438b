using Fencepost.Engine.Errors;
using Fencepost.Engine.History;

namespace Fencepost.Engine.Tests.History;

public class TaskTokenTests
{
    [Fact]
    public void Parse_RoundTrip_KeepsEveryField()
    {
        var token = new TaskToken(TaskTokenKind.ActivityTask, Guid.NewGuid(), "wf-ü", Guid.NewGuid(), 5, 6, 3, Guid.NewGuid());
        Assert.Equal(token, TaskToken.Parse(token.ToBytes()));
    }

    [Fact]
    public void Parse_Garbage_InvalidArgument()
    {
        var error = Assert.Throws<ServiceErrorException>(() => TaskToken.Parse("not a token"u8));
        Assert.Equal(Grpc.Core.StatusCode.InvalidArgument, error.Code);
    }

    [Fact]
    public void GetShardId_SameInput_SameShardInRange()
    {
        var ns = Guid.Parse("6f1c2d4e-0000-4000-8000-000000000001");
        var shard = ShardResolver.GetShardId(ns, "order-42", 16);
        Assert.Equal(shard, ShardResolver.GetShardId(ns, "order-42", 16));
        Assert.InRange(shard, 0, 15);
    }
}
