using System.Text.Json.Serialization;
using Fencepost.Engine.History.CrossShard;

namespace Fencepost.Engine.Cluster.Rpc;

/// <summary>Source-generated JSON for the internal calls' small requests (and the cross-shard calls' answers).</summary>
[JsonSerializable(typeof(DispatchTaskRequest))]
[JsonSerializable(typeof(RecordTaskStartedRequest))]
[JsonSerializable(typeof(DispatchQueryRequest))]
[JsonSerializable(typeof(ChildStartRequest))]
[JsonSerializable(typeof(ChildStartResult))]
[JsonSerializable(typeof(ChildClosedNotice))]
[JsonSerializable(typeof(ExternalSignalRequest))]
[JsonSerializable(typeof(ExternalSignalResult))]
[JsonSerializable(typeof(ExternalCancelRequest))]
[JsonSerializable(typeof(ParentCloseRequest))]
[JsonSerializable(typeof(ScheduledStartRequest))]
[JsonSerializable(typeof(ScheduledStartResult))]
[JsonSerializable(typeof(ScheduledStopRequest))]
[JsonSerializable(typeof(ScheduledRunClosedNotice))]
[JsonSerializable(typeof(bool))]
internal sealed partial class ClusterRpcJsonContext : JsonSerializerContext;
