using Temporalio.Api.WorkflowService.V1;
using Temporalio.Exceptions;

namespace Fencepost.Engine.Sdk.Tests;

/// <summary>
/// Visibility queries built to exhaust the stack used to end the server process (a stack overflow
/// cannot be caught). They are refused with INVALID_ARGUMENT naming the limit, and the server keeps
/// answering. Before the fix these tests took the test host down with it.
/// </summary>
public class HostileVisibilityQueryTests(EngineFixture engine) : SdkTestBase(engine), IClassFixture<EngineFixture>
{
    public static TheoryData<string, string> HostileQueries() => new()
    {
        { new string('(', 20_000) + "WorkflowId = 'a'", "nested more than 100 levels deep" },
        { string.Join(" AND ", Enumerable.Repeat("WorkflowId = 'a'", 100_000)), "the limit is 65,536" },
    };

    [Theory]
    [MemberData(nameof(HostileQueries))]
    public async Task ListWorkflowExecutions_HostileQuery_InvalidArgumentAndServerStillAnswers(string query, string limit)
    {
        var error = await Assert.ThrowsAsync<RpcException>(() => Client.WorkflowService.ListWorkflowExecutionsAsync(
            new ListWorkflowExecutionsRequest { Namespace = "default", Query = query }));

        Assert.Equal(RpcException.StatusCode.InvalidArgument, error.Code);
        Assert.Contains(limit, error.Message, StringComparison.Ordinal);
        var count = await Client.WorkflowService.CountWorkflowExecutionsAsync(new CountWorkflowExecutionsRequest { Namespace = "default", Query = $"WorkflowId = '{NewId("none")}'" });
        Assert.Equal(0, count.Count);
    }

    [Theory]
    [MemberData(nameof(HostileQueries))]
    public async Task CountWorkflowExecutions_HostileQuery_InvalidArgument(string query, string limit)
    {
        var error = await Assert.ThrowsAsync<RpcException>(() => Client.WorkflowService.CountWorkflowExecutionsAsync(
            new CountWorkflowExecutionsRequest { Namespace = "default", Query = query }));

        Assert.Equal(RpcException.StatusCode.InvalidArgument, error.Code);
        Assert.Contains(limit, error.Message, StringComparison.Ordinal);
    }
}
