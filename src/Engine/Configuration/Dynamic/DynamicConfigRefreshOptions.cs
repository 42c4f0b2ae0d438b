using System.ComponentModel.DataAnnotations;

namespace Fencepost.Engine.Configuration.Dynamic;

/// <summary>How often a node re-reads dynamic config from the store, the safety net behind pushes from peers.</summary>
public sealed class DynamicConfigRefreshOptions
{
    public const string SectionName = "Fencepost:DynamicConfig";

    [Range(typeof(TimeSpan), "00:00:00.100", "00:10:00", ErrorMessage = "PollInterval must be between 100 ms and 10 minutes.")]
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(2);
}
