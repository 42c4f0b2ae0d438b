using Google.Protobuf.Collections;
using Temporalio.Api.Common.V1;

namespace Fencepost.ConsoleWeb.Workflows;

/// <summary>Payloads as an operator reads them: JSON as text, anything else by its encoding and size.</summary>
public static class PayloadText
{
    public const int CompactLength = 120;

    public static string Of(Payloads? payloads, int maxLength = CompactLength) =>
        payloads is null || payloads.Payloads_.Count == 0 ? "" : Of(payloads.Payloads_, maxLength);

    public static string Of(RepeatedField<Payload> payloads, int maxLength = CompactLength) =>
        Truncate(string.Join(", ", payloads.Select(One)), maxLength);

    public static string One(Payload payload)
    {
        var encoding = payload.Metadata.TryGetValue("encoding", out var value) ? value.ToStringUtf8() : "";
        return encoding switch
        {
            "json/plain" => payload.Data.ToStringUtf8(),
            "binary/null" => "null",
            _ => $"<{payload.Data.Length} bytes, {(encoding.Length == 0 ? "no encoding" : encoding)}>",
        };
    }

    public static string Truncate(string text, int maxLength) =>
        text.Length <= maxLength ? text : string.Concat(text.AsSpan(0, maxLength - 1), "…");
}
