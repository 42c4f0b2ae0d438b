using System.Collections.Frozen;

namespace Fencepost.Engine.Security;

/// <summary>
/// What each frontend method asks of its caller, decided by kind as Temporal's default authorizer
/// does: reads (describe, list, count, get, query, poll for an outcome) need <c>read</c> in the
/// request's namespace, namespace settings and search attributes need <c>admin</c> there, cluster
/// operations need <c>system:admin</c>, and everything else in a namespace (starts, signals, polls
/// for tasks, completions, deletes) needs <c>write</c>. A few calls that a client makes to connect
/// carry no namespace and need only an authenticated caller.
/// </summary>
public sealed record MethodAccess(AccessLevel Level, bool NamespaceScoped)
{
    private static readonly FrozenSet<string> AnyCaller = FrozenSet.ToFrozenSet(["GetSystemInfo", "GetClusterInfo", "ListNamespaces", "GetSearchAttributes"], StringComparer.Ordinal);

    private static readonly FrozenSet<string> ClusterAdmin = FrozenSet.ToFrozenSet(
        ["RegisterNamespace", "DeleteNamespace", "AddOrUpdateRemoteCluster", "RemoveRemoteCluster", "ListClusters",
         "GetNexusEndpoint", "CreateNexusEndpoint", "UpdateNexusEndpoint", "DeleteNexusEndpoint", "ListNexusEndpoints"],
        StringComparer.Ordinal);

    private static readonly FrozenSet<string> NamespaceAdmin = FrozenSet.ToFrozenSet(
        ["UpdateNamespace", "DeprecateNamespace", "AddSearchAttributes", "RemoveSearchAttributes"], StringComparer.Ordinal);

    /// <summary>Reads whose names do not start with a reading verb.</summary>
    private static readonly FrozenSet<string> ExtraReads = FrozenSet.ToFrozenSet(
        ["QueryWorkflow", "PollWorkflowExecutionUpdate", "PollActivityExecution", "PollNexusOperationExecution"], StringComparer.Ordinal);

    private static readonly string[] ReadingVerbs = ["Describe", "List", "Count", "Get", "Scan", "Fetch"];

    public static MethodAccess For(string method)
    {
        if (AnyCaller.Contains(method))
        {
            return new MethodAccess(AccessLevel.Authenticated, NamespaceScoped: false);
        }
        if (ClusterAdmin.Contains(method))
        {
            return new MethodAccess(AccessLevel.Admin, NamespaceScoped: false);
        }
        if (NamespaceAdmin.Contains(method))
        {
            return new MethodAccess(AccessLevel.Admin, NamespaceScoped: true);
        }
        if (ExtraReads.Contains(method) || ReadingVerbs.Any(verb => method.StartsWith(verb, StringComparison.Ordinal)))
        {
            return new MethodAccess(AccessLevel.Read, NamespaceScoped: true);
        }
        return new MethodAccess(AccessLevel.Write, NamespaceScoped: true);
    }
}
