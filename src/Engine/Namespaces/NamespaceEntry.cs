using Temporalio.Api.WorkflowService.V1;

namespace Fencepost.Engine.Namespaces;

/// <summary>A namespace as the engine uses it; <see cref="Description"/> is what DescribeNamespace returns (and what is stored).</summary>
public sealed record NamespaceEntry(Guid Id, string Name, long NotificationVersion, DescribeNamespaceResponse Description);
