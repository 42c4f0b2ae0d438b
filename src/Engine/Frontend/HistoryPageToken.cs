using System.Buffers.Binary;
using Fencepost.Engine.Errors;

namespace Fencepost.Engine.Frontend;

/// <summary>GetWorkflowExecutionHistory's page token: the run and the next event id to return.</summary>
internal readonly record struct HistoryPageToken(Guid RunId, long NextEventId)
{
    private const int Size = 24;

    public byte[] ToBytes()
    {
        var bytes = new byte[Size];
        RunId.TryWriteBytes(bytes.AsSpan(0, 16));
        BinaryPrimitives.WriteInt64LittleEndian(bytes.AsSpan(16), NextEventId);
        return bytes;
    }

    public static HistoryPageToken? Parse(ReadOnlySpan<byte> bytes)
    {
        if (bytes.IsEmpty)
        {
            return null;
        }
        if (bytes.Length != Size)
        {
            throw ServiceErrorException.InvalidArgument("NextPageToken is not one this server issued.");
        }
        return new HistoryPageToken(new Guid(bytes[..16]), BinaryPrimitives.ReadInt64LittleEndian(bytes[16..]));
    }
}
