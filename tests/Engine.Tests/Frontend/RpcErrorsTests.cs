using Fencepost.Engine.Errors;
using Fencepost.Engine.Frontend;
using Fencepost.Engine.Persistence.Errors;
using Fencepost.TestUtilities.Logging;
using Grpc.Core;
using Microsoft.Extensions.Logging;

namespace Fencepost.Engine.Tests.Frontend;

/// <summary>What callers see of a failure, and what the server log keeps.</summary>
public class RpcErrorsTests
{
    [Fact]
    public void FromException_UnexpectedException_InternalWithErrorIdLoggedOnceWithCause()
    {
        var logger = new CapturingLogger();
        var cause = new InvalidOperationException("DSQL limit 'column size' exceeded on history_node.data");

        var rpc = RpcErrors.FromException(cause, "StartWorkflowExecution", logger);

        Assert.Equal(StatusCode.Internal, rpc.StatusCode);
        Assert.DoesNotContain("history_node", rpc.Status.Detail, StringComparison.Ordinal);
        var entry = Assert.Single(logger.Entries);
        Assert.Equal(LogLevel.Error, entry.Level);
        Assert.Same(cause, entry.Exception);
        Assert.Contains("StartWorkflowExecution", entry.Message, StringComparison.Ordinal);
        var errorId = entry.Message[(entry.Message.LastIndexOf(' ') + 1)..];
        Assert.Contains($"error id {errorId}", rpc.Status.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void FromException_StoreLimitExceeded_InvalidArgumentInTheCallersWordsStoreDetailsLogged()
    {
        var logger = new CapturingLogger();
        var limit = new TransactionLimitExceededException("column size", 1_500_123, 1_048_576, "'history_node.data' is too large; split it into smaller values.");

        var rpc = RpcErrors.FromException(limit, "StartWorkflowExecution", logger);

        Assert.Equal(StatusCode.InvalidArgument, rpc.StatusCode);
        Assert.Equal("The request would store a single value of 1,500,123 bytes; the store holds at most 1,048,576 bytes in one value. Make its payloads smaller.", rpc.Status.Detail);
        Assert.Same(limit, Assert.Single(logger.Entries).Exception);
    }

    [Fact]
    public void FromException_ServiceError_NotLogged()
    {
        var logger = new CapturingLogger();

        var rpc = RpcErrors.FromException(ServiceErrorException.InvalidArgument("bad"), "StartWorkflowExecution", logger);

        Assert.Equal(StatusCode.InvalidArgument, rpc.StatusCode);
        Assert.Empty(logger.Entries);
    }

    [Fact]
    public void Create_HugeMessage_CutToTheMessageLimit()
    {
        var rpc = RpcErrors.Create(StatusCode.NotFound, "Namespace " + new string('n', 100_000) + " is not found.", null);

        Assert.True(rpc.Status.Detail.Length <= ErrorText.MaxMessageLength + 40, $"message of {rpc.Status.Detail.Length} characters");
    }

    [Theory]
    [InlineData(10, 10)]
    [InlineData(200, 200)]
    [InlineData(100_000, 200)]
    public void Echo_Value_KeepsAtMost200Characters(int length, int kept)
    {
        var echoed = ErrorText.Echo(new string('x', length));

        Assert.StartsWith(new string('x', kept), echoed, StringComparison.Ordinal);
        Assert.Equal(kept, echoed.TakeWhile(c => c == 'x').Count());
        Assert.Equal(length > kept, echoed.Contains("...", StringComparison.Ordinal));
    }
}
