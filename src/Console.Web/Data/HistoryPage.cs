using Temporalio.Api.History.V1;

namespace Fencepost.ConsoleWeb.Data;

/// <summary>
/// One page of a run's history, in event order, and the frontend's token for the page after it (null
/// when this page reaches the run's last event).
/// </summary>
public sealed record HistoryPage(IReadOnlyList<HistoryEvent> Events, byte[]? NextPageToken);
