using System.Buffers.Binary;
using System.Security.Cryptography;
using Fencepost.Engine.Errors;
using Google.Protobuf;

namespace Fencepost.Engine.History;

/// <summary>
/// Task tokens as they leave and come back: the token's fields, the id of the cluster key that signed
/// them and an HMAC-SHA256 (16 bytes) over both. A token's layout is no secret, so without the MAC
/// anyone could build a valid token from what describe and history show and complete someone else's
/// task; a token whose MAC does not verify is refused with INVALID_ARGUMENT.
/// </summary>
internal sealed class TaskTokenCodec(TaskTokenKeys keys)
{
    private const byte Version = 2;
    private const int HeaderSize = 1 + 4;
    private const int MacSize = 16;
    private const string NotIssuedHere = "Task token is not one this server issued.";

    public ByteString Encode(TaskToken token)
    {
        ArgumentNullException.ThrowIfNull(token);
        var key = keys.Signing;
        var payload = token.ToBytes();
        var bytes = new byte[HeaderSize + payload.Length + MacSize];
        bytes[0] = Version;
        BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(1, 4), key.KeyId);
        payload.CopyTo(bytes, HeaderSize);
        Mac(key.Secret, bytes.AsSpan(0, HeaderSize + payload.Length)).CopyTo(bytes.AsSpan(HeaderSize + payload.Length));
        return ByteString.CopyFrom(bytes);
    }

    public TaskToken Decode(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length <= HeaderSize + MacSize || bytes[0] != Version)
        {
            throw ServiceErrorException.InvalidArgument(NotIssuedHere);
        }
        var key = keys.Find(BinaryPrimitives.ReadInt32LittleEndian(bytes[1..HeaderSize]))
            ?? throw ServiceErrorException.InvalidArgument(NotIssuedHere);
        var signed = bytes[..^MacSize];
        if (!CryptographicOperations.FixedTimeEquals(bytes[^MacSize..], Mac(key.Secret, signed)))
        {
            throw ServiceErrorException.InvalidArgument(NotIssuedHere);
        }
        return TaskToken.Parse(signed[HeaderSize..]);
    }

    private static byte[] Mac(byte[] secret, ReadOnlySpan<byte> signed) => HMACSHA256.HashData(secret, signed)[..MacSize];
}
