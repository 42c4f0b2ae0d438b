using Fencepost.ConsoleWeb.Data.Overview;

namespace Fencepost.ConsoleWeb.Tests.Fakes;

public sealed class FakeOverviewSource : FakeLiveSource<OverviewSnapshot>, IOverviewSource;
