using System.Collections.Concurrent;
using Fencepost.ConsoleWeb.Configuration;
using Microsoft.Extensions.Options;

namespace Fencepost.ConsoleWeb.Security;

/// <summary>
/// Refuses sign-ins for a user name from a client address after
/// <see cref="ConsoleOptions.MaxFailedSignIns"/> failures within <see cref="ConsoleOptions.FailedSignInWindow"/>,
/// until the oldest of those failures leaves the window. Counting per name and address keeps one
/// guesser from locking a user out everywhere.
/// </summary>
public sealed class SignInThrottle(IOptionsMonitor<ConsoleOptions> options, TimeProvider timeProvider)
{
    private const int MaxTrackedPairs = 10_000;
    private readonly ConcurrentDictionary<(string User, string Address), Queue<DateTimeOffset>> _failures = new();

    /// <summary>How long until the next attempt is allowed, or null when it is allowed now.</summary>
    public TimeSpan? RetryAfter(string user, string address)
    {
        if (!_failures.TryGetValue(Key(user, address), out var failures))
        {
            return null;
        }
        lock (failures)
        {
            var (max, window, now) = (options.CurrentValue.MaxFailedSignIns, options.CurrentValue.FailedSignInWindow, timeProvider.GetUtcNow());
            Expire(failures, now - window);
            return failures.Count >= max ? failures.Peek() + window - now : null;
        }
    }

    public void RecordFailure(string user, string address)
    {
        if (_failures.Count >= MaxTrackedPairs)
        {
            Prune();
        }
        var failures = _failures.GetOrAdd(Key(user, address), _ => new Queue<DateTimeOffset>());
        lock (failures)
        {
            failures.Enqueue(timeProvider.GetUtcNow());
        }
    }

    public void RecordSuccess(string user, string address) => _failures.TryRemove(Key(user, address), out _);

    private static (string, string) Key(string user, string address) => (user.Trim().ToLowerInvariant(), address);

    private static void Expire(Queue<DateTimeOffset> failures, DateTimeOffset before)
    {
        while (failures.Count > 0 && failures.Peek() <= before)
        {
            failures.Dequeue();
        }
    }

    private void Prune()
    {
        var before = timeProvider.GetUtcNow() - options.CurrentValue.FailedSignInWindow;
        foreach (var (key, failures) in _failures)
        {
            lock (failures)
            {
                Expire(failures, before);
                if (failures.Count == 0)
                {
                    _failures.TryRemove(key, out _);
                }
            }
        }
    }
}
