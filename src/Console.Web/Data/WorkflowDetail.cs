using Temporalio.Api.History.V1;
using Temporalio.Api.WorkflowService.V1;

namespace Fencepost.ConsoleWeb.Data;

/// <summary>One run as the frontend describes it, with its whole history in event order.</summary>
public sealed record WorkflowDetail(string Namespace, DescribeWorkflowExecutionResponse Description, IReadOnlyList<HistoryEvent> Events);
