using Fencepost.Engine.Sdk.Tests.ResponseFields;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Temporalio.Api.Command.V1;
using Temporalio.Api.Common.V1;
using Temporalio.Api.Enums.V1;
using Temporalio.Api.Protocol.V1;
using Temporalio.Api.Update.V1;
using Temporalio.Api.WorkflowService.V1;

namespace Fencepost.Engine.Sdk.Tests.Updates;

/// <summary>
/// The update protocol on the wire, with a worker made of raw calls: where the request message
/// travels and how it is sequenced, how Acceptance, Response and Rejection messages and their
/// ProtocolMessage commands land in history, and what happens to a request the worker leaves
/// unanswered or that arrives while the workflow decides to close.
/// </summary>
public sealed class UpdateProtocolTests(EngineFixture engine) : SdkTestBase(engine), IClassFixture<EngineFixture>, IDisposable
{
    private readonly RawWorker _worker = new(engine.Services);

    [Fact]
    public async Task UpdateWorkflowExecution_NoTaskPending_ANewTaskCarriesTheRequestSequencedBeforeItsStartedEvent()
    {
        var queue = NewId("tq");
        var execution = await StartIdleAsync(queue);

        var update = UpdateAsync(execution, "u1", UpdateWorkflowExecutionLifecycleStage.Completed);
        var task = await _worker.PollWorkflowTaskAsync(queue);

        var message = Assert.Single(task.Messages);
        Assert.Equal("u1", message.ProtocolInstanceId);
        Assert.Equal(task.StartedEventId - 1, message.EventId);
        var request = message.Body.Unpack<Request>();
        Assert.Equal("u1", request.Meta.UpdateId);
        Assert.Equal("Add", request.Input.Name);

        await CompleteAsync(task, [Accept(message), Respond(message, "done")], new Command
        {
            CommandType = CommandType.StartTimer,
            StartTimerCommandAttributes = new StartTimerCommandAttributes { TimerId = "t", StartToFireTimeout = Duration.FromTimeSpan(TimeSpan.FromHours(1)) },
        }, ProtocolCommand(message, "accept"), ProtocolCommand(message, "complete"));
        var response = await update;

        Assert.Equal(UpdateWorkflowExecutionLifecycleStage.Completed, response.Stage);
        Assert.Equal("done", response.Outcome.Success.Payloads_[0].Data.ToStringUtf8().Trim('"'));
        Assert.Equal(execution.RunId, response.UpdateRef.WorkflowExecution.RunId);
        var history = await _worker.Service.HistoryAsync(execution.WorkflowId);
        // One event per command, in command order, right after WorkflowTaskCompleted.
        Assert.Equal(
            [EventType.WorkflowTaskCompleted, EventType.TimerStarted, EventType.WorkflowExecutionUpdateAccepted, EventType.WorkflowExecutionUpdateCompleted],
            history.Skip(history.Count - 4).Select(e => e.EventType));
        Assert.Equal(message.EventId, history[^2].WorkflowExecutionUpdateAcceptedEventAttributes.AcceptedRequestSequencingEventId);
    }

    [Fact]
    public async Task UpdateWorkflowExecution_WhileATaskRuns_JoinsTheNextTaskNotTheRunningOne()
    {
        var queue = NewId("tq");
        var execution = await _worker.StartAsync(queue);
        var first = await _worker.PollWorkflowTaskAsync(queue);

        var admitted = await UpdateAsync(execution, "late", UpdateWorkflowExecutionLifecycleStage.Admitted);
        await _worker.CompleteWorkflowTaskAsync(first);
        var next = await _worker.PollWorkflowTaskAsync(queue);

        Assert.Equal(UpdateWorkflowExecutionLifecycleStage.Admitted, admitted.Stage);
        Assert.Empty(first.Messages);
        Assert.Equal("late", Assert.Single(next.Messages).ProtocolInstanceId);
    }

    [Fact]
    public async Task RespondWorkflowTaskCompleted_ClosesWhileAnUpdateWaitsUnsent_UnhandledCommandAndTheNextTaskCarriesIt()
    {
        var queue = NewId("tq");
        var execution = await _worker.StartAsync(queue);
        var first = await _worker.PollWorkflowTaskAsync(queue);
        await UpdateAsync(execution, "before-close", UpdateWorkflowExecutionLifecycleStage.Admitted);

        var refused = await Assert.ThrowsAsync<RpcException>(() => _worker.CompleteWorkflowTaskAsync(first, new Command
        {
            CommandType = CommandType.CompleteWorkflowExecution,
            CompleteWorkflowExecutionCommandAttributes = new CompleteWorkflowExecutionCommandAttributes(),
        }));
        var next = await _worker.PollWorkflowTaskAsync(queue);
        var busy = await Assert.ThrowsAsync<RpcException>(() => UpdateAsync(execution, "while-closing", UpdateWorkflowExecutionLifecycleStage.Admitted));

        Assert.Equal(StatusCode.InvalidArgument, refused.StatusCode);
        Assert.Equal("UnhandledCommand", refused.Status.Detail);
        Assert.Equal("before-close", Assert.Single(next.Messages).ProtocolInstanceId);
        // While the retried task runs, the workflow is deciding again whether to close: new updates wait (the SDK retries this code).
        Assert.Equal(StatusCode.ResourceExhausted, busy.StatusCode);
    }

    [Fact]
    public async Task RespondWorkflowTaskCompleted_SentUpdateLeftUnanswered_TheServerRejectsIt()
    {
        var queue = NewId("tq");
        var execution = await StartIdleAsync(queue);

        var update = UpdateAsync(execution, "ignored", UpdateWorkflowExecutionLifecycleStage.Completed);
        var task = await _worker.PollWorkflowTaskAsync(queue);
        Assert.Single(task.Messages);
        await _worker.CompleteWorkflowTaskAsync(task);
        var response = await update;

        Assert.Equal(UpdateWorkflowExecutionLifecycleStage.Completed, response.Stage);
        Assert.Equal("UnprocessedUpdate", response.Outcome.Failure.ApplicationFailureInfo.Type);
        Assert.DoesNotContain(await _worker.Service.HistoryAsync(execution.WorkflowId),
            e => e.EventType is EventType.WorkflowExecutionUpdateAccepted or EventType.WorkflowExecutionUpdateCompleted);
    }

    [Fact]
    public async Task UpdateWorkflowExecution_EachWaitStage_AnswersAtThatStage()
    {
        var queue = NewId("tq");
        var execution = await StartIdleAsync(queue);

        var admitted = await UpdateAsync(execution, "staged", UpdateWorkflowExecutionLifecycleStage.Admitted);
        var accepted = UpdateAsync(execution, "staged", UpdateWorkflowExecutionLifecycleStage.Accepted);
        var task = await _worker.PollWorkflowTaskAsync(queue);
        var message = Assert.Single(task.Messages);
        await CompleteAsync(task, [Accept(message)], ProtocolCommand(message, "accept"));
        var acceptedResponse = await accepted;
        var completed = UpdateAsync(execution, "staged", UpdateWorkflowExecutionLifecycleStage.Completed);
        await _worker.SignalAsync(execution, "go");
        var next = await _worker.PollWorkflowTaskAsync(queue);
        Assert.Empty(next.Messages);
        await CompleteAsync(next, [Respond(message, "finally")], ProtocolCommand(message, "complete"));
        var completedResponse = await completed;
        var polled = await _worker.Service.CallAsync("PollWorkflowExecutionUpdate", new PollWorkflowExecutionUpdateRequest
        {
            Namespace = "default",
            UpdateRef = new UpdateRef { WorkflowExecution = execution, UpdateId = "staged" },
            WaitPolicy = new WaitPolicy { LifecycleStage = UpdateWorkflowExecutionLifecycleStage.Completed },
        }, PollWorkflowExecutionUpdateResponse.Parser);

        Assert.Equal(UpdateWorkflowExecutionLifecycleStage.Admitted, admitted.Stage);
        Assert.Null(admitted.Outcome);
        Assert.Equal(UpdateWorkflowExecutionLifecycleStage.Accepted, acceptedResponse.Stage);
        Assert.Null(acceptedResponse.Outcome);
        Assert.Equal(UpdateWorkflowExecutionLifecycleStage.Completed, completedResponse.Stage);
        Assert.Equal(completedResponse.Outcome, polled.Outcome);
    }

    [Fact]
    public async Task PollWorkflowExecutionUpdate_UnknownUpdateId_NotFound()
    {
        var queue = NewId("tq");
        var execution = await StartIdleAsync(queue);

        var error = await Assert.ThrowsAsync<RpcException>(() => _worker.Service.CallAsync("PollWorkflowExecutionUpdate", new PollWorkflowExecutionUpdateRequest
        {
            Namespace = "default",
            UpdateRef = new UpdateRef { WorkflowExecution = execution, UpdateId = "never-sent" },
            WaitPolicy = new WaitPolicy { LifecycleStage = UpdateWorkflowExecutionLifecycleStage.Completed },
        }, PollWorkflowExecutionUpdateResponse.Parser));

        Assert.Equal(StatusCode.NotFound, error.StatusCode);
    }

    [Fact]
    public async Task RespondWorkflowTaskCompleted_ProtocolCommandNamesNoMessage_FailsTheTaskWithBadUpdateMessage()
    {
        var queue = NewId("tq");
        var execution = await _worker.StartAsync(queue);
        var task = await _worker.PollWorkflowTaskAsync(queue);

        var error = await Assert.ThrowsAsync<RpcException>(() => _worker.CompleteWorkflowTaskAsync(task, new Command
        {
            CommandType = CommandType.ProtocolMessage,
            ProtocolMessageCommandAttributes = new ProtocolMessageCommandAttributes { MessageId = "nothing/accept" },
        }));

        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        var failed = (await _worker.Service.HistoryAsync(execution.WorkflowId)).Last(e => e.EventType == EventType.WorkflowTaskFailed);
        Assert.Equal(WorkflowTaskFailedCause.BadUpdateWorkflowExecutionMessage, failed.WorkflowTaskFailedEventAttributes.Cause);
    }

    public void Dispose() => _worker.Dispose();

    /// <summary>A run whose first workflow task is done, so no task is pending.</summary>
    private async Task<WorkflowExecution> StartIdleAsync(string queue)
    {
        var execution = await _worker.StartAsync(queue);
        await _worker.CompleteWorkflowTaskAsync(await _worker.PollWorkflowTaskAsync(queue));
        return execution;
    }

    private Task<UpdateWorkflowExecutionResponse> UpdateAsync(WorkflowExecution execution, string updateId, UpdateWorkflowExecutionLifecycleStage stage) =>
        _worker.Service.CallAsync("UpdateWorkflowExecution", new UpdateWorkflowExecutionRequest
        {
            Namespace = "default",
            WorkflowExecution = new WorkflowExecution { WorkflowId = execution.WorkflowId },
            WaitPolicy = new WaitPolicy { LifecycleStage = stage },
            Request = new Request
            {
                Meta = new Meta { UpdateId = updateId, Identity = RawWorker.Identity },
                Input = new Input { Name = "Add", Args = new Payloads { Payloads_ = { RawWorker.Json("item") } } },
            },
        }, UpdateWorkflowExecutionResponse.Parser);

    private Task<RespondWorkflowTaskCompletedResponse> CompleteAsync(PollWorkflowTaskQueueResponse task, Message[] messages, params Command[] commands) =>
        _worker.Service.CallAsync("RespondWorkflowTaskCompleted", new RespondWorkflowTaskCompletedRequest
        {
            Namespace = "default",
            TaskToken = task.TaskToken,
            Identity = RawWorker.Identity,
            Commands = { commands },
            Messages = { messages },
        }, RespondWorkflowTaskCompletedResponse.Parser);

    private static Message Accept(Message request) => new()
    {
        Id = $"{request.Id}/accept",
        ProtocolInstanceId = request.ProtocolInstanceId,
        Body = Any.Pack(new Acceptance
        {
            AcceptedRequestMessageId = request.Id,
            AcceptedRequestSequencingEventId = request.EventId,
            AcceptedRequest = request.Body.Unpack<Request>(),
        }),
    };

    private static Message Respond(Message request, string result) => new()
    {
        Id = $"{request.Id}/complete",
        ProtocolInstanceId = request.ProtocolInstanceId,
        Body = Any.Pack(new Response
        {
            Meta = new Meta { UpdateId = request.ProtocolInstanceId },
            Outcome = new Outcome { Success = new Payloads { Payloads_ = { RawWorker.Json(result) } } },
        }),
    };

    private static Command ProtocolCommand(Message request, string suffix) => new()
    {
        CommandType = CommandType.ProtocolMessage,
        ProtocolMessageCommandAttributes = new ProtocolMessageCommandAttributes { MessageId = $"{request.Id}/{suffix}" },
    };
}
