using System.Diagnostics;
using System.Runtime.InteropServices;

namespace Fencepost.ConsoleWeb.Live;

/// <summary>
/// CPU time of the calling thread: clock_gettime(CLOCK_THREAD_CPUTIME_ID) on Linux (a vDSO call, tens of
/// nanoseconds). Elsewhere it falls back to elapsed time, which also counts time the thread was
/// preempted, so it can only overstate the console's cost.
/// </summary>
internal static class ThreadCpuClock
{
    private const int ClockThreadCpuTime = 3;

    private static readonly bool UseThreadClock = OperatingSystem.IsLinux() && Probe();

    /// <summary>A reading; only differences between two readings on the same thread mean anything.</summary>
    public static TimeSpan Now()
    {
        if (UseThreadClock && ClockGetTime(ClockThreadCpuTime, out var spec) == 0)
        {
            return TimeSpan.FromTicks((spec.Seconds * TimeSpan.TicksPerSecond) + (spec.Nanoseconds / 100));
        }
        return Stopwatch.GetElapsedTime(0);
    }

    private static bool Probe()
    {
        try
        {
            return ClockGetTime(ClockThreadCpuTime, out _) == 0;
        }
        catch (Exception ex) when (ex is DllNotFoundException or EntryPointNotFoundException)
        {
            return false;
        }
    }

    [DllImport("libc", EntryPoint = "clock_gettime")]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern int ClockGetTime(int clockId, out TimeSpec time);

    [StructLayout(LayoutKind.Sequential)]
    private struct TimeSpec
    {
        public long Seconds;
        public long Nanoseconds;
    }
}
