using Fencepost.ConsoleWeb.Live;
using Fencepost.Engine.Persistence.Stores;

namespace Fencepost.ConsoleWeb.Data;

/// <summary>The store's connection pools (open, idle, in use, waits), live.</summary>
public interface IConnectionPoolSource : ILiveSource<IReadOnlyList<ConnectionPoolSnapshot>>;
