using Temporalio.Api.Enums.V1;

namespace Fencepost.Engine.History.Updates;

/// <summary>The run update-with-start reached (started by it or not) and how far the update got.</summary>
internal sealed record UpdateWithStartResult(Guid RunId, bool Started, WorkflowExecutionStatus RunStatus, UpdateStatus Update);
