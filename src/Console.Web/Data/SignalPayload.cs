using System.Text;
using System.Text.Json;
using Google.Protobuf;
using Temporalio.Api.Common.V1;

namespace Fencepost.ConsoleWeb.Data;

/// <summary>
/// The signal form's payload: one JSON value becomes one argument encoded as <c>json/plain</c>, the
/// encoding every Temporal SDK's default converter reads; an empty input sends no argument.
/// </summary>
public static class SignalPayload
{
    public const int MaxBytes = 256 * 1024;

    /// <summary>Why <paramref name="json"/> cannot be sent, or null when it can.</summary>
    public static string? Validate(string? json)
    {
        if (string.IsNullOrWhiteSpace(json))
        {
            return null;
        }
        if (Encoding.UTF8.GetByteCount(json) > MaxBytes)
        {
            return $"The payload is larger than {MaxBytes / 1024} KiB.";
        }
        try
        {
            using var _ = JsonDocument.Parse(json);
            return null;
        }
        catch (JsonException ex)
        {
            return $"Not valid JSON: {ex.Message}";
        }
    }

    /// <summary>The payloads to send; call <see cref="Validate"/> first.</summary>
    public static Payloads? ToPayloads(string? json)
    {
        if (string.IsNullOrWhiteSpace(json))
        {
            return null;
        }
        using var document = JsonDocument.Parse(json);
        // Re-serialized compactly, as an SDK's converter would send it.
        var compact = JsonSerializer.Serialize(document.RootElement);
        var payload = new Payload { Data = ByteString.CopyFromUtf8(compact) };
        payload.Metadata.Add("encoding", ByteString.CopyFromUtf8("json/plain"));
        return new Payloads { Payloads_ = { payload } };
    }
}
