namespace Fencepost.Engine.Cluster.Node;

/// <summary>The services one process runs. A small deployment runs all four in one process.</summary>
[Flags]
public enum NodeRoles
{
    None = 0,
    Frontend = 1,
    History = 2,
    Matching = 4,
    Console = 8,
    All = Frontend | History | Matching | Console,
}
