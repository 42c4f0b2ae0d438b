using Temporalio.Api.History.V1;

namespace Fencepost.Engine.History;

/// <summary>What <see cref="HistoryEngine.ReadEventsAsync"/> saw: whether the run is open, its next event id, and the events read (null when none were asked for).</summary>
internal sealed record RunEvents(bool IsRunning, long NextEventId, List<HistoryEvent>? Events);
