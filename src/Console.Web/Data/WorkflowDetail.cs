using Temporalio.Api.History.V1;
using Temporalio.Api.WorkflowService.V1;

namespace Fencepost.ConsoleWeb.Data;

/// <summary>
/// One run as the frontend describes it (its mutable state: status, pending work, counts), with the
/// event that closed it when it is closed. The history itself is read a page at a time
/// (<see cref="IWorkflowDetails.GetHistoryPageAsync"/>): a run can hold 50,000 events.
/// </summary>
public sealed record WorkflowDetail(string Namespace, DescribeWorkflowExecutionResponse Description, HistoryEvent? CloseEvent);
