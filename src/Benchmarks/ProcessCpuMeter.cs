using System.Diagnostics;

namespace Fencepost.Benchmarks;

/// <summary>
/// This process's share of the machine's CPU between two readings: CPU time used divided by wall time
/// times the core count (so 1.0 means every core was busy with this process). Used to show what the
/// console costs while it watches a benchmark.
/// </summary>
public sealed class ProcessCpuMeter
{
    private readonly TimeProvider _time;
    private readonly Func<TimeSpan> _cpuTime;
    private readonly int _processors;
    private readonly Lock _gate = new();
    private long _lastTimestamp;
    private TimeSpan _lastCpu;

    public ProcessCpuMeter(TimeProvider time)
        : this(time, CurrentProcessCpuTime, Environment.ProcessorCount)
    {
    }

    /// <summary>For tests: a CPU-time source and core count of the caller's choosing.</summary>
    public ProcessCpuMeter(TimeProvider time, Func<TimeSpan> cpuTime, int processors)
    {
        ArgumentNullException.ThrowIfNull(time);
        ArgumentNullException.ThrowIfNull(cpuTime);
        ArgumentOutOfRangeException.ThrowIfLessThan(processors, 1);
        _time = time;
        _cpuTime = cpuTime;
        _processors = processors;
        _lastTimestamp = time.GetTimestamp();
        _lastCpu = cpuTime();
    }

    /// <summary>
    /// The CPU share (0..1) since the previous call (or since construction), or null when no wall time
    /// has passed. Each call starts the next interval.
    /// </summary>
    public double? Measure()
    {
        lock (_gate)
        {
            var now = _time.GetTimestamp();
            var cpu = _cpuTime();
            var wall = _time.GetElapsedTime(_lastTimestamp, now);
            var used = cpu - _lastCpu;
            if (wall <= TimeSpan.Zero)
            {
                return null;
            }
            _lastTimestamp = now;
            _lastCpu = cpu;
            return Math.Clamp(used / (wall * _processors), 0, 1);
        }
    }

    private static TimeSpan CurrentProcessCpuTime()
    {
        using var process = Process.GetCurrentProcess();
        return process.TotalProcessorTime;
    }
}
