using System.Text;
using NodaTime;
using Temporalio.Api.Schedule.V1;

namespace Fencepost.Engine.History.Schedules.Spec;

/// <summary>
/// A canonical <see cref="ScheduleSpec"/> ready to answer "when next?": the earliest time after a
/// given instant that any calendar (in the spec's time zone) or interval matches, is not matched by
/// a skip calendar, and lies within the start and end times; then jitter, derived from the time and
/// a seed so every node computes the same value. Times have one-second resolution.
///
/// Daylight saving, as the API documents it: a local time the clocks skip (02:30 on a spring-forward
/// night) does not fire; a local time that happens twice (01:30 on a fall-back night) fires twice.
/// </summary>
internal sealed class CompiledScheduleSpec
{
    /// <summary>More skipped matches than this in a row and the spec is taken to never match again.</summary>
    private const int MaxExcludedInARow = 100_000;

    /// <summary>Wider than any time zone's offset change, so a repeated hour's second pass is seen.</summary>
    private static readonly Period FoldWindow = Period.FromHours(4);

    private readonly DateTimeZone _zone;
    private readonly CompiledCalendar[] _calendars;
    private readonly CompiledCalendar[] _excludes;
    private readonly (long Interval, long Phase)[] _intervals;
    private readonly DateTimeOffset? _start;
    private readonly DateTimeOffset? _end;
    private readonly TimeSpan _jitter;

    public CompiledScheduleSpec(ScheduleSpec canonical)
    {
        Spec = canonical;
        _zone = ScheduleTimeZones.Get(canonical.TimezoneName, "Spec.TimezoneName");
        _calendars = [.. canonical.StructuredCalendar.Select(c => new CompiledCalendar(c))];
        _excludes = [.. canonical.ExcludeStructuredCalendar.Select(c => new CompiledCalendar(c))];
        _intervals = [.. canonical.Interval.Select(i => (
            Math.Max(1L, (long)(i.Interval?.ToTimeSpan() ?? TimeSpan.Zero).TotalSeconds),
            Math.Max(0L, (long)(i.Phase?.ToTimeSpan() ?? TimeSpan.Zero).TotalSeconds)))];
        _start = canonical.StartTime?.ToDateTimeOffset();
        _end = canonical.EndTime?.ToDateTimeOffset();
        _jitter = canonical.Jitter?.ToTimeSpan() ?? TimeSpan.Zero;
    }

    /// <summary>Canonicalizes and compiles; throws <see cref="ScheduleSpecException"/> naming the field at fault.</summary>
    public static CompiledScheduleSpec Compile(ScheduleSpec? spec) => new(ScheduleSpecCanonicalizer.Canonicalize(spec));

    public ScheduleSpec Spec { get; }

    public DateTimeZone Zone => _zone;

    /// <summary>The first time strictly after <paramref name="after"/> (jitter from <paramref name="jitterSeed"/>), or null when the spec never matches again.</summary>
    public ScheduleTime? Next(DateTimeOffset after, string jitterSeed)
    {
        if (_start is { } start && after < start.AddSeconds(-1))
        {
            // The first second of the range may itself match.
            after = start.AddSeconds(-1);
        }
        DateTimeOffset? nominal = null;
        for (var excluded = 0; excluded < MaxExcludedInARow; excluded++)
        {
            nominal = RawNext(after);
            if (nominal is not { } candidate || (_end is { } end && candidate > end) || candidate.Year > CalendarRangeParser.MaxYear)
            {
                return null;
            }
            if (!IsExcluded(candidate))
            {
                break;
            }
            after = candidate;
            nominal = null;
        }
        if (nominal is not { } found)
        {
            return null;
        }
        var maxJitter = _jitter;
        if (maxJitter > TimeSpan.Zero && RawNext(found) is { } following && following - found < maxJitter)
        {
            // Jitter never pushes an action past the next one.
            maxJitter = following - found;
        }
        return new ScheduleTime(found, found + Jitter(found, jitterSeed, maxJitter));
    }

    /// <summary>The matching times in (<paramref name="after"/>, <paramref name="until"/>], at most <paramref name="limit"/>.</summary>
    public List<DateTimeOffset> Times(DateTimeOffset after, DateTimeOffset until, string jitterSeed, int limit)
    {
        var times = new List<DateTimeOffset>();
        var cursor = after;
        while (times.Count < limit && Next(cursor, jitterSeed) is { } next && next.Actual <= until)
        {
            times.Add(next.Actual);
            cursor = next.Actual;
        }
        return times;
    }

    private bool IsExcluded(DateTimeOffset time)
    {
        if (_excludes.Length == 0)
        {
            return false;
        }
        var local = Instant.FromDateTimeOffset(time).InZone(_zone).LocalDateTime;
        return _excludes.Any(e => e.Matches(local));
    }

    /// <summary>The earliest match of any calendar or interval strictly after <paramref name="after"/>, before jitter and skips.</summary>
    private DateTimeOffset? RawNext(DateTimeOffset after)
    {
        var afterSeconds = after.ToUnixTimeSeconds();
        long? best = null;
        foreach (var calendar in _calendars)
        {
            if (NextCalendar(calendar, afterSeconds) is { } next && (best is null || next < best))
            {
                best = next;
            }
        }
        foreach (var (interval, phase) in _intervals)
        {
            var next = (FloorDiv(afterSeconds - phase, interval) + 1) * interval + phase;
            if (best is null || next < best)
            {
                best = next;
            }
        }
        return best is { } seconds ? DateTimeOffset.FromUnixTimeSeconds(seconds) : null;
    }

    /// <summary>
    /// The first instant (unix seconds) after <paramref name="afterSeconds"/> whose local time matches:
    /// local times are walked in order from a little before, each mapped to zero (skipped by the
    /// clocks), one, or two (repeated) instants, and the earliest instant past the bound wins.
    /// </summary>
    private long? NextCalendar(CompiledCalendar calendar, long afterSeconds)
    {
        var afterInstant = Instant.FromUnixTimeSeconds(afterSeconds);
        var cursor = afterInstant.InZone(_zone).LocalDateTime;
        if (NearTransition(afterInstant))
        {
            // Within a repeated hour, local times before this one may still be ahead in time.
            cursor -= FoldWindow;
        }
        long? best = null;
        LocalDateTime? stopAt = null;
        while (calendar.NextAtOrAfter(cursor) is { } local)
        {
            if (stopAt is { } stop && local > stop)
            {
                break;
            }
            var mapping = _zone.MapLocal(local);
            for (var i = 0; i < mapping.Count; i++)
            {
                var instant = (i == 0 ? mapping.First() : mapping.Last()).ToInstant();
                if (instant > afterInstant)
                {
                    var seconds = instant.ToUnixTimeSeconds();
                    if (best is null || seconds < best)
                    {
                        best = seconds;
                    }
                    stopAt ??= NearTransition(instant) ? local + FoldWindow : local;
                }
            }
            cursor = local.PlusSeconds(1);
        }
        return best;
    }

    /// <summary>Whether the zone's offset changes within the fold window of <paramref name="instant"/>.</summary>
    private bool NearTransition(Instant instant)
    {
        var window = NodaTime.Duration.FromHours(FoldWindow.Hours);
        var interval = _zone.GetZoneInterval(instant);
        return (interval.HasStart && instant - interval.Start < window) || (interval.HasEnd && interval.End - instant < window);
    }

    private static long FloorDiv(long value, long divisor) => value >= 0 ? value / divisor : -((-value + divisor - 1) / divisor);

    /// <summary>A deterministic offset in [0, max) from the nominal time and the seed (FNV-1a over both).</summary>
    private static TimeSpan Jitter(DateTimeOffset nominal, string seed, TimeSpan max)
    {
        if (max <= TimeSpan.Zero)
        {
            return TimeSpan.Zero;
        }
        var hash = 14695981039346656037UL;
        foreach (var b in BitConverter.GetBytes(nominal.ToUnixTimeSeconds()).Concat(Encoding.UTF8.GetBytes(seed)))
        {
            hash = (hash ^ b) * 1099511628211UL;
        }
        var milliseconds = (long)Math.Min(max.TotalMilliseconds, uint.MaxValue);
        return TimeSpan.FromMilliseconds((long)((hash >> 32) * (ulong)milliseconds >> 32));
    }
}
