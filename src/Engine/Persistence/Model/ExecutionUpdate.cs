namespace Fencepost.Engine.Persistence.Model;

/// <summary>
/// An update of one run's mutable state, conditioned on <see cref="ExpectedDbRecordVersion"/>;
/// <c>Execution.DbRecordVersion</c> must be exactly one more. When <see cref="Current"/> is set,
/// the current-execution row is rewritten too, conditioned on still pointing at this run.
/// </summary>
public sealed record ExecutionUpdate(
    WorkflowExecutionRecord Execution,
    long ExpectedDbRecordVersion,
    CurrentExecutionRecord? Current = null);
