using Fencepost.ConsoleWeb.Live;

namespace Fencepost.ConsoleWeb.Data.Overview;

/// <summary>The overview's health verdict and key numbers, live.</summary>
public interface IOverviewSource : ILiveSource<OverviewSnapshot>;
