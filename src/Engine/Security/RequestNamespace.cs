using System.Collections.Concurrent;
using Google.Protobuf;
using Google.Protobuf.Reflection;

namespace Fencepost.Engine.Security;

/// <summary>The namespace a request names in its <c>namespace</c> field (the one its handler serves), read through the message's descriptor.</summary>
internal static class RequestNamespace
{
    private static readonly ConcurrentDictionary<MessageDescriptor, FieldDescriptor?> Fields = new();

    public static string? Of(object request) =>
        request is IMessage message && Fields.GetOrAdd(message.Descriptor, d => d.FindFieldByName("namespace")) is { FieldType: FieldType.String } field
            ? (string)field.Accessor.GetValue(message)
            : null;
}
