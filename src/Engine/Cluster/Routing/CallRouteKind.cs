namespace Fencepost.Engine.Cluster.Routing;

/// <summary>The kinds of <see cref="CallRoute"/>.</summary>
internal enum CallRouteKind
{
    Local,
    Workflow,
    TaskToken,
    TaskQueue,
}
