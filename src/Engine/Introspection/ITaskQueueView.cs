namespace Fencepost.Engine.Introspection;

/// <summary>Task queues this host's matching holds, with partitions and pollers (for the console).</summary>
public interface ITaskQueueView
{
    IReadOnlyList<TaskQueueSnapshot> GetTaskQueues();
}
