namespace Fencepost.Engine.Errors;

/// <summary>
/// Keeps what an error message echoes from a request short. gRPC carries the message in the
/// grpc-message header: a 100,000-character value echoed there breaks clients (header limits),
/// and nobody reads that much of an id in an error anyway.
/// </summary>
public static class ErrorText
{
    /// <summary>The most characters of one echoed value.</summary>
    public const int MaxEchoedLength = 200;

    /// <summary>The most characters of a whole error message sent to a caller.</summary>
    public const int MaxMessageLength = 2_000;

    /// <summary><paramref name="value"/>, cut to <see cref="MaxEchoedLength"/> characters with an ellipsis and its full length.</summary>
    public static string Echo(string? value) => Cut(value ?? "", MaxEchoedLength);

    /// <summary><paramref name="message"/>, cut to <see cref="MaxMessageLength"/> characters.</summary>
    public static string Message(string message) => Cut(message, MaxMessageLength);

    private static string Cut(string text, int max)
    {
        if (text.Length <= max)
        {
            return text;
        }
        // Never split a surrogate pair: half of one is not valid UTF-16 and cannot be encoded.
        var keep = char.IsHighSurrogate(text[max - 1]) ? max - 1 : max;
        return $"{text[..keep]}... ({text.Length} characters)";
    }
}
