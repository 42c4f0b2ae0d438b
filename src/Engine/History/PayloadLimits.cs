using System.Globalization;
using Google.Protobuf;

namespace Fencepost.Engine.History;

/// <summary>
/// The payload limit, stated once: one blob (the payloads of one input, result, details, memo,
/// header, search attributes or failure) may be at most 1,000,000 bytes (1 MB). A history event
/// is stored as one value, and the store holds at most 1 MiB (1,048,576 bytes) in one value (DSQL's
/// column limit, enforced on both stores alike); the difference leaves room for the rest of the
/// event. Checked as early as possible: requests at the frontend, commands when a workflow task
/// completes (the task fails and the workflow is terminated, as Temporal does). An event holding
/// several blobs that fit one by one but not together is refused by the store's check, with a
/// message saying the same in a caller's words.
/// </summary>
public static class PayloadLimits
{
    public const int MaxBlobBytes = 1_000_000;

    /// <summary>What is wrong with <paramref name="blob"/> as <paramref name="what"/>, or null when it fits.</summary>
    public static string? Problem(IMessage? blob, string what)
    {
        if (blob is null)
        {
            return null;
        }
        var size = blob.CalculateSize();
        return size <= MaxBlobBytes
            ? null
            : string.Create(CultureInfo.InvariantCulture, $"{what} is {size:N0} bytes; a payload may be at most {MaxBlobBytes:N0} bytes (1 MB).");
    }
}
