using Temporalio.Api.History.V1;

namespace Fencepost.Engine.History;

/// <summary>A run to create in the same write as the mutation that closed its predecessor.</summary>
internal sealed class NewRunPlan(MutableState state, List<HistoryEvent> events, List<NewShardTask> tasks)
{
    public MutableState State { get; } = state;
    public List<HistoryEvent> Events { get; } = events;
    public List<NewShardTask> Tasks { get; } = tasks;
}
