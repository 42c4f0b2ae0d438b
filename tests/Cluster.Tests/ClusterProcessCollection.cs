namespace Fencepost.Cluster.Tests;

/// <summary>The multi-process tests run one after another: each starts several servers on a small machine.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ClusterProcessCollection
{
    public const string Name = "Cluster processes";
}
