using System.Buffers.Binary;
using System.Text;
using Fencepost.Engine.Errors;

namespace Fencepost.Engine.History;

/// <summary>
/// What a task token identifies: a workflow task, an activity attempt or a query. Opaque to
/// clients; a token the engine cannot read is answered with INVALID_ARGUMENT.
/// </summary>
internal sealed record TaskToken(TaskTokenKind Kind, Guid NamespaceId, string WorkflowId, Guid RunId, long EventId, long StartedEventId, int Attempt, Guid QueryId = default)
{
    private const byte Version = 1;
    private const int FixedSize = 1 + 1 + 16 + 16 + 8 + 8 + 4 + 16 + 2;

    public WorkflowKey Key => new(NamespaceId, WorkflowId, RunId);

    public byte[] ToBytes()
    {
        var id = Encoding.UTF8.GetBytes(WorkflowId);
        var buffer = new byte[FixedSize + id.Length];
        var span = buffer.AsSpan();
        span[0] = Version;
        span[1] = (byte)Kind;
        NamespaceId.TryWriteBytes(span[2..18]);
        RunId.TryWriteBytes(span[18..34]);
        BinaryPrimitives.WriteInt64LittleEndian(span[34..42], EventId);
        BinaryPrimitives.WriteInt64LittleEndian(span[42..50], StartedEventId);
        BinaryPrimitives.WriteInt32LittleEndian(span[50..54], Attempt);
        QueryId.TryWriteBytes(span[54..70]);
        BinaryPrimitives.WriteUInt16LittleEndian(span[70..72], (ushort)id.Length);
        id.CopyTo(span[72..]);
        return buffer;
    }

    public static TaskToken Parse(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length < FixedSize || bytes[0] != Version || !Enum.IsDefined((TaskTokenKind)bytes[1]))
        {
            throw ServiceErrorException.InvalidArgument("Task token is not one this server issued.");
        }
        var idLength = BinaryPrimitives.ReadUInt16LittleEndian(bytes[70..72]);
        if (bytes.Length != FixedSize + idLength)
        {
            throw ServiceErrorException.InvalidArgument("Task token is not one this server issued.");
        }
        return new TaskToken(
            (TaskTokenKind)bytes[1],
            new Guid(bytes[2..18]),
            Encoding.UTF8.GetString(bytes[72..]),
            new Guid(bytes[18..34]),
            BinaryPrimitives.ReadInt64LittleEndian(bytes[34..42]),
            BinaryPrimitives.ReadInt64LittleEndian(bytes[42..50]),
            BinaryPrimitives.ReadInt32LittleEndian(bytes[50..54]),
            new Guid(bytes[54..70]));
    }
}
