using System.Collections.Concurrent;
using Fencepost.ConsoleWeb.Configuration;
using Microsoft.Extensions.Options;

namespace Fencepost.ConsoleWeb.Security;

/// <summary>
/// Paces password guesses, counting each attempt before its password is hashed, so parallel
/// guesses count as much as serial ones:
/// <list type="bullet">
/// <item>per user name and client address: <see cref="ConsoleOptions.MaxFailedSignIns"/> failures
/// within <see cref="ConsoleOptions.FailedSignInWindow"/>, then refused until the oldest leaves the window;</item>
/// <item>per user name from every address together: past <see cref="UserWideFactor"/> times that many,
/// one attempt per <see cref="UserWideSpacing"/> for that name. A delay, not a lock: the real
/// user still gets in within seconds while a guesser spread over many addresses gets one guess
/// per spacing;</item>
/// <item>globally: at most <see cref="Environment.ProcessorCount"/> password hashes at once, so a
/// flood of sign-ins cannot take the engine's CPU (each PBKDF2 verification costs ~50 ms).</item>
/// </list>
/// </summary>
public sealed class SignInThrottle(IOptionsMonitor<ConsoleOptions> options, TimeProvider timeProvider) : IDisposable
{
    /// <summary>How many times the per-address budget a user name may fail from all addresses before attempts are spaced.</summary>
    public const int UserWideFactor = 4;

    /// <summary>The least time between two attempts for a user name past its user-wide budget.</summary>
    public static readonly TimeSpan UserWideSpacing = TimeSpan.FromSeconds(2);

    /// <summary>How long an attempt waits for a free password verifier before it is refused as busy.</summary>
    public static readonly TimeSpan VerifierWait = TimeSpan.FromSeconds(5);

    private const int MaxTrackedKeys = 10_000;
    private const string AnyAddress = "*";
    private readonly ConcurrentDictionary<(string User, string Address), Attempts> _attempts = new();
    private readonly SemaphoreSlim _verifiers = new(Environment.ProcessorCount, Environment.ProcessorCount);

    /// <summary>
    /// Admits an attempt and counts it as failed until <see cref="RecordSuccess"/> says otherwise;
    /// or refuses it, returning how long until the next attempt is allowed.
    /// </summary>
    public TimeSpan? TryBegin(string user, string address)
    {
        if (_attempts.Count >= MaxTrackedKeys)
        {
            Prune();
        }
        var (max, window, now) = (options.CurrentValue.MaxFailedSignIns, options.CurrentValue.FailedSignInWindow, timeProvider.GetUtcNow());
        var pair = _attempts.GetOrAdd(Key(user, address), _ => new Attempts());
        var userWide = _attempts.GetOrAdd(Key(user, AnyAddress), _ => new Attempts());
        // One lock order (pair, then user-wide) everywhere, so two attempts never deadlock.
        lock (pair)
        {
            lock (userWide)
            {
                pair.Expire(now - window);
                userWide.Expire(now - window);
                if (pair.Failures.Count >= max)
                {
                    return pair.Failures.Peek() + window - now;
                }
                if (userWide.Failures.Count >= max * UserWideFactor && userWide.LastAttempt + UserWideSpacing > now)
                {
                    return userWide.LastAttempt + UserWideSpacing - now;
                }
                pair.Failures.Enqueue(now);
                userWide.Failures.Enqueue(now);
                userWide.LastAttempt = now;
                return null;
            }
        }
    }

    /// <summary>The attempt was right: its user and address start afresh.</summary>
    public void RecordSuccess(string user, string address)
    {
        _attempts.TryRemove(Key(user, address), out _);
        _attempts.TryRemove(Key(user, AnyAddress), out _);
    }

    /// <summary>Waits for one of the password verifiers; null when none came free within <see cref="VerifierWait"/>.</summary>
    public async Task<IDisposable?> EnterVerifierAsync(CancellationToken cancellationToken)
    {
        if (!await _verifiers.WaitAsync(VerifierWait, cancellationToken).ConfigureAwait(false))
        {
            return null;
        }
        return new VerifierLease(_verifiers);
    }

    public void Dispose() => _verifiers.Dispose();

    private static (string, string) Key(string user, string address) => (user.Trim().ToLowerInvariant(), address);

    private void Prune()
    {
        var before = timeProvider.GetUtcNow() - options.CurrentValue.FailedSignInWindow;
        foreach (var (key, attempts) in _attempts)
        {
            lock (attempts)
            {
                attempts.Expire(before);
                if (attempts.Failures.Count == 0)
                {
                    _attempts.TryRemove(key, out _);
                }
            }
        }
    }

    private sealed class Attempts
    {
        public Queue<DateTimeOffset> Failures { get; } = new();

        public DateTimeOffset LastAttempt { get; set; } = DateTimeOffset.MinValue;

        public void Expire(DateTimeOffset before)
        {
            while (Failures.Count > 0 && Failures.Peek() <= before)
            {
                Failures.Dequeue();
            }
        }
    }

    private sealed class VerifierLease(SemaphoreSlim verifiers) : IDisposable
    {
        private int _released;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0)
            {
                verifiers.Release();
            }
        }
    }
}
