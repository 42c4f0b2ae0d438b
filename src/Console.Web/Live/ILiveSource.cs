namespace Fencepost.ConsoleWeb.Live;

/// <summary>
/// A singleton data source for live pages: the latest snapshot plus a subscription. The source
/// reads only while someone is subscribed, so a page nobody looks at costs nothing.
/// </summary>
public interface ILiveSource<T> where T : class
{
    /// <summary>The latest snapshot, or null before the first read.</summary>
    LiveSnapshot<T>? Current { get; }

    /// <summary>
    /// Calls <paramref name="onUpdated"/> after each new snapshot (at most once per refresh
    /// interval); dispose the result to stop. A failing callback never reaches the source.
    /// </summary>
    IDisposable Subscribe(Func<Task> onUpdated);
}
