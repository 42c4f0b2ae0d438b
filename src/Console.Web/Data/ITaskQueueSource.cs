using Fencepost.ConsoleWeb.Live;
using Fencepost.Engine.Introspection;

namespace Fencepost.ConsoleWeb.Data;

/// <summary>The task queues this node's matching holds: partitions, in-memory backlog and pollers, live.</summary>
public interface ITaskQueueSource : ILiveSource<IReadOnlyList<TaskQueueSnapshot>>;
