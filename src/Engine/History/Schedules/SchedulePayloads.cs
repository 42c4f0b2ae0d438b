using System.Globalization;
using System.Text;
using System.Text.Json;
using Google.Protobuf;
using Temporalio.Api.Common.V1;

namespace Fencepost.Engine.History.Schedules;

/// <summary>Payloads the scheduler writes itself, encoded as Temporal's SDKs decode them (search attributes carry their type).</summary>
internal static class SchedulePayloads
{
    public static Payload Binary(byte[] data) => new()
    {
        Metadata = { ["encoding"] = ByteString.CopyFromUtf8("binary/plain") },
        Data = ByteString.CopyFrom(data),
    };

    public static Payload Keyword(string value) => Json(JsonSerializer.Serialize(value, SchedulePayloadJsonContext.Default.String), "Keyword");

    public static Payload Bool(bool value) => Json(value ? "true" : "false", "Bool");

    public static Payload Datetime(DateTimeOffset value) =>
        Json($"\"{value.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture)}\"", "Datetime");

    private static Payload Json(string json, string type) => new()
    {
        Metadata =
        {
            ["encoding"] = ByteString.CopyFromUtf8("json/plain"),
            ["type"] = ByteString.CopyFromUtf8(type),
        },
        Data = ByteString.CopyFrom(Encoding.UTF8.GetBytes(json)),
    };
}
