using System.Text.Json;
using System.Text.Json.Serialization;

namespace Fencepost.Engine.Cluster.Introspection;

/// <summary>Source-generated JSON for <see cref="ClusterState"/> (camelCase, like the rest of the HTTP surface).</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(ClusterState))]
public sealed partial class ClusterStateJsonContext : JsonSerializerContext;
