using System.Text.Json;
using Fencepost.Engine.History;

namespace Fencepost.Engine.Queues;

/// <summary>Outbox task payloads as source-generated JSON.</summary>
internal static class ShardTaskSerializer
{
    public static byte[] Serialize(ShardTaskData data) =>
        JsonSerializer.SerializeToUtf8Bytes(data, EngineJsonContext.Default.ShardTaskData);

    public static ShardTaskData Deserialize(byte[] data) =>
        JsonSerializer.Deserialize(data, EngineJsonContext.Default.ShardTaskData)
        ?? throw new InvalidOperationException("Stored shard task is empty.");
}
