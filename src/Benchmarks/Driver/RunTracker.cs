using System.Collections.Concurrent;

namespace Fencepost.Benchmarks.Driver;

/// <summary>
/// Counts one run's workflows, safe for concurrent callers. Times are offsets from the run's start.
/// A workflow belongs to the measured window by its INTENDED start (warm-up ones are excluded even if
/// they complete later), and its latency is measured from that intended time, so a driver or server
/// that falls behind shows up as latency instead of being hidden (coordinated omission).
/// The per-second series covers the whole run including warm-up and drain, filed by when things happened.
/// </summary>
public sealed class RunTracker
{
    private const int MaxFailureKinds = 20;
    private const string OtherFailures = "(other kinds)";

    private readonly TimeSpan _windowStart;
    private readonly TimeSpan _windowEnd;
    private readonly long[] _offered;
    private readonly long[] _started;
    private readonly long[] _completed;
    private readonly long[] _failed;
    private readonly long[] _conflicts;
    private readonly long[] _retries;
    private readonly long[] _poolWaits;
    private int _engineSampled;
    private int _poolSampled;
    private readonly ConcurrentDictionary<string, long> _failureKinds = new(StringComparer.Ordinal);
    private long _measuredStarted;
    private long _measuredAccepted;
    private long _measuredCompleted;
    private long _measuredFailed;

    public RunTracker(TimeSpan warmup, TimeSpan duration, TimeSpan drainTimeout)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(warmup, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(duration, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfLessThan(drainTimeout, TimeSpan.Zero);
        _windowStart = warmup;
        _windowEnd = warmup + duration;
        // One slot per second of run and drain, plus one for the partial last second; later events go to the last slot.
        var seconds = (int)Math.Ceiling((warmup + duration + drainTimeout).TotalSeconds) + 1;
        _offered = new long[seconds];
        _started = new long[seconds];
        _completed = new long[seconds];
        _failed = new long[seconds];
        _conflicts = new long[seconds];
        _retries = new long[seconds];
        _poolWaits = new long[seconds];
    }

    /// <summary>End-to-end latency (intended start to result) of measured workflows that completed.</summary>
    public LatencyHistogram EndToEnd { get; } = new();

    /// <summary>Intended start to the server accepting the start: the driver's lag plus the start RPC.</summary>
    public LatencyHistogram StartLatency { get; } = new();

    public bool IsMeasured(TimeSpan intended) => intended >= _windowStart && intended < _windowEnd;

    /// <summary>The driver dispatched the start intended for <paramref name="intended"/>.</summary>
    public void Offered(TimeSpan intended)
    {
        Interlocked.Increment(ref _offered[Slot(intended)]);
        if (IsMeasured(intended))
        {
            Interlocked.Increment(ref _measuredStarted);
        }
    }

    /// <summary>The server accepted the start at <paramref name="at"/>.</summary>
    public void Accepted(TimeSpan intended, TimeSpan at)
    {
        Interlocked.Increment(ref _started[Slot(at)]);
        if (IsMeasured(intended))
        {
            Interlocked.Increment(ref _measuredAccepted);
            StartLatency.Record(NonNegative(at - intended));
        }
    }

    public void Completed(TimeSpan intended, TimeSpan at)
    {
        Interlocked.Increment(ref _completed[Slot(at)]);
        if (IsMeasured(intended))
        {
            Interlocked.Increment(ref _measuredCompleted);
            EndToEnd.Record(NonNegative(at - intended));
        }
    }

    public void Failed(TimeSpan intended, TimeSpan at, Exception error)
    {
        ArgumentNullException.ThrowIfNull(error);
        Interlocked.Increment(ref _failed[Slot(at)]);
        if (!IsMeasured(intended))
        {
            return;
        }
        Interlocked.Increment(ref _measuredFailed);
        var kind = Describe(error);
        if (!_failureKinds.ContainsKey(kind) && _failureKinds.Count >= MaxFailureKinds)
        {
            kind = OtherFailures;
        }
        _failureKinds.AddOrUpdate(kind, 1, static (_, n) => n + 1);
    }

    /// <summary>
    /// Files what the engine counted since its previous sample (conflicts, retries, and pool waits
    /// when the store has a pool) under the second <paramref name="at"/> falls in.
    /// </summary>
    public void EngineSample(TimeSpan at, long conflicts, long retries, long? poolWaits)
    {
        var slot = Slot(at);
        Interlocked.Add(ref _conflicts[slot], conflicts);
        Interlocked.Add(ref _retries[slot], retries);
        Volatile.Write(ref _engineSampled, 1);
        if (poolWaits is { } waits)
        {
            Interlocked.Add(ref _poolWaits[slot], waits);
            Volatile.Write(ref _poolSampled, 1);
        }
    }

    public RunTotals Totals => new(
        Interlocked.Read(ref _measuredStarted),
        Interlocked.Read(ref _measuredAccepted),
        Interlocked.Read(ref _measuredCompleted),
        Interlocked.Read(ref _measuredFailed));

    /// <summary>Failure kinds, most frequent first.</summary>
    public IReadOnlyList<FailureCount> Failures =>
        [.. _failureKinds.Select(p => new FailureCount(p.Key, p.Value)).OrderByDescending(f => f.Count).ThenBy(f => f.Kind, StringComparer.Ordinal)];

    /// <summary>Every second up to <paramref name="through"/> (exclusive, rounded up), including empty ones.</summary>
    public IReadOnlyList<PerSecondSample> Series(TimeSpan through)
    {
        var seconds = Math.Clamp((int)Math.Ceiling(through.TotalSeconds), 0, _offered.Length);
        var engine = Volatile.Read(ref _engineSampled) == 1;
        var pool = Volatile.Read(ref _poolSampled) == 1;
        var samples = new List<PerSecondSample>(seconds);
        long backlog = 0;
        for (var s = 0; s < seconds; s++)
        {
            var offered = Interlocked.Read(ref _offered[s]);
            var completed = Interlocked.Read(ref _completed[s]);
            var failed = Interlocked.Read(ref _failed[s]);
            backlog += offered - completed - failed;
            samples.Add(new PerSecondSample(s, offered, Interlocked.Read(ref _started[s]), completed, failed)
            {
                Backlog = Math.Max(0, backlog),
                Conflicts = engine ? Interlocked.Read(ref _conflicts[s]) : null,
                Retries = engine ? Interlocked.Read(ref _retries[s]) : null,
                PoolWaits = pool ? Interlocked.Read(ref _poolWaits[s]) : null,
            });
        }
        return samples;
    }

    private int Slot(TimeSpan at) => Math.Clamp((int)Math.Floor(at.TotalSeconds), 0, _offered.Length - 1);

    private static TimeSpan NonNegative(TimeSpan value) => value < TimeSpan.Zero ? TimeSpan.Zero : value;

    private static string Describe(Exception error)
    {
        // The innermost cause names the problem (a workflow failure wraps the activity's, an RPC error its status).
        var root = error;
        while (root.InnerException is { } inner)
        {
            root = inner;
        }
        var message = root.Message.Split('\n', 2)[0].Trim();
        if (message.Length > 120)
        {
            message = message[..120] + "…";
        }
        return $"{root.GetType().Name}: {message}";
    }
}
