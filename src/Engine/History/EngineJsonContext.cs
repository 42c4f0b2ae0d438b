using System.Text.Json.Serialization;
using Fencepost.Engine.Queues;

namespace Fencepost.Engine.History;

/// <summary>Source-generated JSON for the engine's persisted shapes.</summary>
[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingDefault)]
[JsonSerializable(typeof(MutableState))]
[JsonSerializable(typeof(ShardTaskData))]
[JsonSerializable(typeof(Matching.MatchingTaskData))]
internal sealed partial class EngineJsonContext : JsonSerializerContext;
