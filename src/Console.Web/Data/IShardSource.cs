using Fencepost.ConsoleWeb.Live;
using Fencepost.Engine.Persistence.Model;

namespace Fencepost.ConsoleWeb.Data;

/// <summary>Every history shard's row (owner, range_id, since when, last renewal), live.</summary>
public interface IShardSource : ILiveSource<IReadOnlyList<ShardInfo>>;
