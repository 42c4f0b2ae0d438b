using System.Text.Json;

namespace Fencepost.Engine.History;

/// <summary>Mutable state as JSON (source-generated, no reflection on the hot path).</summary>
internal static class MutableStateSerializer
{
    public static byte[] Serialize(MutableState state) =>
        JsonSerializer.SerializeToUtf8Bytes(state, EngineJsonContext.Default.MutableState);

    public static MutableState Deserialize(byte[] data) =>
        JsonSerializer.Deserialize(data, EngineJsonContext.Default.MutableState)
        ?? throw new InvalidOperationException("Stored mutable state is empty.");
}
