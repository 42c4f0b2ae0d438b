using Microsoft.Extensions.Logging;

namespace Fencepost.TestUtilities.Logging;

/// <summary>One entry a <see cref="CapturingLogger"/> kept.</summary>
public sealed record CapturedLogEntry(LogLevel Level, EventId EventId, string Message, Exception? Exception);
