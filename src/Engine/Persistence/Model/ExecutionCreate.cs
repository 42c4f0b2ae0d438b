namespace Fencepost.Engine.Persistence.Model;

/// <summary>A new run plus the current-execution pointer it takes over, under <see cref="Mode"/>'s condition.</summary>
public sealed record ExecutionCreate(
    WorkflowExecutionRecord Execution,
    CurrentExecutionRecord Current,
    CreateMode Mode,
    Guid? PreviousRunId = null);
