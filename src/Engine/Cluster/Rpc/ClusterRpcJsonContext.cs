using System.Text.Json.Serialization;

namespace Fencepost.Engine.Cluster.Rpc;

/// <summary>Source-generated JSON for the internal calls' small requests.</summary>
[JsonSerializable(typeof(DispatchTaskRequest))]
[JsonSerializable(typeof(RecordTaskStartedRequest))]
internal sealed partial class ClusterRpcJsonContext : JsonSerializerContext;
