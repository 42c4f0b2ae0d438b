using Fencepost.ConsoleWeb.Components.Controls;
using Fencepost.ConsoleWeb.Configuration;
using Fencepost.Engine.Configuration.Dynamic;
using Fencepost.ConsoleWeb.Data;
using Fencepost.ConsoleWeb.Data.Shards;
using Fencepost.ConsoleWeb.Live;
using Fencepost.Engine.Persistence.Model;
using Microsoft.AspNetCore.Components;

namespace Fencepost.ConsoleWeb.Components.Pages;

/// <summary>One cell per history shard, coloured by owner, with range_id, owner since and last renewal.</summary>
public sealed partial class ShardsPage : LiveView<IReadOnlyList<ShardInfo>>
{
    // Distinct on dark and light backgrounds, readable with white text.
    private static readonly string[] Palette =
        ["#3b6fd8", "#2e9b6a", "#b5651d", "#8e44ad", "#c0392b", "#16a085", "#7f8c3a", "#d35400", "#2c7fb8", "#a03d7a"];

    [Inject]
    public required IShardSource Shards { get; init; }

    [Inject]
    public required IDynamicConfig Config { get; init; }

    [Inject]
    public required IServiceProvider Services { get; init; }

    /// <summary>Per-shard write activity exists only where the engine runs in this process.</summary>
    private bool HasActivity => Services.GetService<IShardActivitySource>() is not null;

    protected override ILiveSource<IReadOnlyList<ShardInfo>> Source => Shards;

    private double RefreshSeconds => Config.Get(ConsoleDynamicConfigKeys.LiveRefreshInterval).TotalSeconds;

    /// <summary>Owners in name order, each with its colour index, so colours stay put while owners do.</summary>
    private static Dictionary<string, int> Owners(IReadOnlyList<ShardInfo> shards) =>
        shards.Select(s => s.Owner).Distinct().Order(StringComparer.Ordinal)
            .Select((owner, index) => (owner, index)).ToDictionary(p => p.owner, p => p.index, StringComparer.Ordinal);

    private static string ColorOf(int index) => Palette[index % Palette.Length];

    private static string OwnerLabel(ShardInfo shard) => shard.Owner.Length == 0 ? "no owner" : shard.Owner;

    /// <summary>Shards re-acquired (range_id above 1) within the hour before <paramref name="at"/>, newest first.</summary>
    private static List<ShardInfo> RecentMoves(IReadOnlyList<ShardInfo> shards, DateTimeOffset at) =>
        [.. shards.Where(s => s.RangeId > 1 && s.Owner.Length > 0 && at - s.AcquiredAt <= TimeSpan.FromHours(1)).OrderByDescending(s => s.AcquiredAt)];
}
