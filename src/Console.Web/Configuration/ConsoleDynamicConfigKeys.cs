using Fencepost.Engine.Configuration.Dynamic;

namespace Fencepost.ConsoleWeb.Configuration;

/// <summary>The console's own live knobs, changed like any other dynamic config key.</summary>
public static class ConsoleDynamicConfigKeys
{
    public static readonly DynamicConfigKey<TimeSpan> LiveRefreshInterval = new(
        "console.liveRefreshInterval",
        TimeSpan.FromSeconds(1),
        "How often live console pages re-read their data while someone watches. Longer costs the cluster less.",
        v => v >= TimeSpan.FromMilliseconds(100) && v <= TimeSpan.FromSeconds(30) ? null : "Use 100 ms to 30 s, e.g. 00:00:01.");

    public static readonly DynamicConfigKey<bool> ReadOnly = new(
        "console.readOnly",
        false,
        "While true nobody changes config or workflows through the console, and the frontend refuses writes made with the console's identity (e.g. during a benchmark). Stored, so it holds on every node and across restarts. Admins only; the Read-only switch in the top bar sets it.");
}
