using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Fencepost.TestUtilities.Logging;

/// <summary>Keeps every log entry (level, event id, message, exception) so a test can assert what was logged.</summary>
public sealed class CapturingLogger : ILogger
{
    private readonly ConcurrentQueue<CapturedLogEntry> _entries = new();
    private readonly List<(Func<CapturedLogEntry, bool> Match, TaskCompletionSource<CapturedLogEntry> Seen)> _waiters = [];
    private readonly Lock _lock = new();

    public IReadOnlyList<CapturedLogEntry> Entries => [.. _entries];

    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        var entry = new CapturedLogEntry(logLevel, eventId, formatter(state, exception), exception);
        _entries.Enqueue(entry);
        List<TaskCompletionSource<CapturedLogEntry>> seen = [];
        lock (_lock)
        {
            foreach (var waiter in _waiters.Where(w => w.Match(entry)).ToList())
            {
                _waiters.Remove(waiter);
                seen.Add(waiter.Seen);
            }
        }
        seen.ForEach(s => s.TrySetResult(entry));
    }

    /// <summary>The first entry (already logged or still to come) that matches; throws <see cref="TimeoutException"/> after <paramref name="timeout"/>.</summary>
    public async Task<CapturedLogEntry> WaitForAsync(Func<CapturedLogEntry, bool> match, TimeSpan timeout)
    {
        var seen = new TaskCompletionSource<CapturedLogEntry>(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_lock)
        {
            if (_entries.FirstOrDefault(match) is { } logged)
            {
                return logged;
            }
            _waiters.Add((match, seen));
        }
        try
        {
            return await seen.Task.WaitAsync(timeout);
        }
        catch (TimeoutException)
        {
            throw new TimeoutException($"No matching log entry within {timeout}; logged: {string.Join(" | ", _entries.Select(e => $"{e.Level} {e.Message}"))}");
        }
    }
}
