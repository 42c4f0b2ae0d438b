using Fencepost.ConsoleWeb.Data.Shards;

namespace Fencepost.ConsoleWeb.Tests.Fakes;

public sealed class FakeShardActivitySource : FakeLiveSource<ShardActivityReading>, IShardActivitySource;
