using System.Globalization;

namespace Fencepost.Cluster.Tests.Infrastructure;

/// <summary>
/// What load through the SDK saw around one cluster fault, in the row format of docs/faults.md.
/// Started: starts the cluster accepted. Refused: starts answered with an error. Stuck: accepted but
/// not finished within the drain. Recovered: from the moment the node was lost until the last
/// workflow started before then finished (0 when none waited).
/// </summary>
public sealed record ClusterFaultRow(string Fault, int Started, int Completed, int Failed, int Stuck, int Refused, TimeSpan Recovered)
{
    public const string Header = "| Fault | Started | Completed | Failed | Stuck | Starts refused | Recovered in |\n| --- | --: | --: | --: | --: | --: | --: |";

    public string Row => string.Create(CultureInfo.InvariantCulture,
        $"| {Fault} | {Started} | {Completed} | {Failed} | {Stuck} | {Refused} | {Recovered.TotalSeconds:0.0} s |");
}
