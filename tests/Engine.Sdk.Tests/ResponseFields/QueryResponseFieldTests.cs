using Temporalio.Api.Enums.V1;
using Temporalio.Api.Query.V1;
using Temporalio.Api.WorkflowService.V1;

namespace Fencepost.Engine.Sdk.Tests.ResponseFields;

/// <summary>
/// QueryWorkflowResponse when the reject condition refuses the query: query_rejected with the run's
/// status, and no result (an answered query's result is checked with the query task, in
/// <see cref="PollWorkflowTaskFieldTests"/>).
/// </summary>
public sealed class QueryResponseFieldTests(EngineFixture engine) : SdkTestBase(engine), IClassFixture<EngineFixture>, IDisposable
{
    private readonly RawWorker _worker = new(engine.Services);

    [Theory]
    [InlineData(QueryRejectCondition.NotOpen)]
    [InlineData(QueryRejectCondition.NotCompletedCleanly)]
    public async Task QueryWorkflow_TerminatedRunAndARejectCondition_QueryRejectedWithTheStatus(QueryRejectCondition condition)
    {
        var execution = await _worker.StartAsync(NewId("tq"));
        await _worker.Service.TerminateAsync(execution.WorkflowId);

        var response = await _worker.Service.CallAsync("QueryWorkflow", new QueryWorkflowRequest
        {
            Namespace = "default",
            Execution = execution,
            Query = new WorkflowQuery { QueryType = "state" },
            QueryRejectCondition = condition,
        }, QueryWorkflowResponse.Parser);

        Assert.Equal(WorkflowExecutionStatus.Terminated, response.QueryRejected?.Status);
        Assert.Null(response.QueryResult);
    }

    public void Dispose() => _worker.Dispose();
}
