using Fencepost.Engine.Configuration.Dynamic;
using Fencepost.Engine.Errors;
using Google.Protobuf.WellKnownTypes;

namespace Fencepost.Engine.Namespaces;

/// <summary>
/// A namespace's workflow_execution_retention_period: how long a closed run is kept before the
/// retention timer written with its close deletes it. Temporal's minimum is one day; a lower one
/// is allowed only through <see cref="MinRetention"/>, for development and tests.
/// </summary>
public static class NamespaceRetention
{
    /// <summary>What a namespace registered without a retention gets (the 72 h Temporal's CLI registers with).</summary>
    public static readonly TimeSpan Default = TimeSpan.FromDays(3);

    public static readonly DynamicConfigKey<TimeSpan> MinRetention = new(
        "frontend.namespaceMinRetention", TimeSpan.FromDays(1),
        "The shortest workflow execution retention RegisterNamespace and UpdateNamespace accept (INVALID_ARGUMENT below it). Temporal's minimum is 1 day; lower it only for development and tests, where closed runs should go away in minutes.",
        value => value >= TimeSpan.FromSeconds(1) ? null : "Must be at least 1 second: a zero retention would read as 'keep forever'.");

    /// <summary>The retention a namespace's closed runs are kept for (the default when none is stored).</summary>
    public static TimeSpan Of(NamespaceEntry? entry) =>
        entry?.Description.Config?.WorkflowExecutionRetentionTtl is { } stored && stored.ToTimeSpan() > TimeSpan.Zero ? stored.ToTimeSpan() : Default;

    /// <summary>INVALID_ARGUMENT, naming <paramref name="field"/>, when <paramref name="requested"/> is negative or shorter than the minimum.</summary>
    public static void Validate(Duration requested, string field, IDynamicConfig config)
    {
        ArgumentNullException.ThrowIfNull(requested);
        ArgumentNullException.ThrowIfNull(config);
        var retention = requested.ToTimeSpan();
        if (retention < TimeSpan.Zero)
        {
            throw ServiceErrorException.InvalidArgument($"{field} cannot be negative.");
        }
        var minimum = config.Get(MinRetention);
        if (retention < minimum)
        {
            throw ServiceErrorException.InvalidArgument(
                $"{field} {retention} is shorter than the minimum of {minimum} (dynamic config {MinRetention.Name}).");
        }
    }
}
