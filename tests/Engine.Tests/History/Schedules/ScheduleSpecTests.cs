using System.Globalization;
using Fencepost.Engine.History.Schedules.Spec;
using Google.Protobuf.WellKnownTypes;
using Temporalio.Api.Schedule.V1;

namespace Fencepost.Engine.Tests.History.Schedules;

/// <summary>A schedule spec's canonical form and its "when next" arithmetic, daylight saving included.</summary>
public class ScheduleSpecTests
{
    [Fact]
    public void Next_IntervalWithPhase_FiresAtPhaseOffsets()
    {
        var spec = new ScheduleSpec { Interval = { new IntervalSpec { Interval = Duration.FromTimeSpan(TimeSpan.FromHours(1)), Phase = Duration.FromTimeSpan(TimeSpan.FromMinutes(15)) } } };
        var compiled = CompiledScheduleSpec.Compile(spec);
        Assert.Equal(At("2026-01-01T11:15:00Z"), compiled.Next(At("2026-01-01T10:20:00Z"), "")!.Value.Nominal);
        Assert.Equal(At("2026-01-01T12:15:00Z"), compiled.Next(At("2026-01-01T11:15:00Z"), "")!.Value.Nominal);
    }

    [Fact]
    public void Canonicalize_CalendarWithRangesStepsAndComment_BecomesStructured()
    {
        var spec = new ScheduleSpec { Calendar = { new CalendarSpec { Hour = "2-10/4", DayOfWeek = "MON-fri", Comment = "weekday mornings" } } };
        var canonical = ScheduleSpecCanonicalizer.Canonicalize(spec);
        var calendar = Assert.Single(canonical.StructuredCalendar);
        Assert.Empty(canonical.Calendar);
        Assert.Equal("weekday mornings", calendar.Comment);
        Assert.Equal(new Temporalio.Api.Schedule.V1.Range { Start = 2, End = 10, Step = 4 }, Assert.Single(calendar.Hour));
        Assert.Equal(new Temporalio.Api.Schedule.V1.Range { Start = 1, End = 5 }, Assert.Single(calendar.DayOfWeek));
        var compiled = new CompiledScheduleSpec(canonical);
        // Friday 10:00 then Monday 02:00 (hours 2, 6, 10).
        Assert.Equal(At("2026-01-09T10:00:00Z"), compiled.Next(At("2026-01-09T06:00:00Z"), "")!.Value.Nominal);
        Assert.Equal(At("2026-01-12T02:00:00Z"), compiled.Next(At("2026-01-09T10:00:00Z"), "")!.Value.Nominal);
    }

    [Fact]
    public void Canonicalize_CronStringWithCronTz_MovesTheZoneAndParsesSecondsAndYear()
    {
        var spec = new ScheduleSpec { CronString = { "CRON_TZ=Europe/Berlin 30 0 2 * * * 2026-2027 # nightly" } };
        var canonical = ScheduleSpecCanonicalizer.Canonicalize(spec);
        Assert.Equal("Europe/Berlin", canonical.TimezoneName);
        var calendar = Assert.Single(canonical.StructuredCalendar);
        Assert.Equal("nightly", calendar.Comment);
        var compiled = new CompiledScheduleSpec(canonical);
        Assert.Equal(At("2026-01-10T01:00:30Z"), compiled.Next(At("2026-01-09T12:00:00Z"), "")!.Value.Nominal);
        Assert.Null(compiled.Next(At("2028-01-01T00:00:00Z"), ""));
    }

    [Fact]
    public void Canonicalize_EveryWithPhase_BecomesAnInterval()
    {
        var canonical = ScheduleSpecCanonicalizer.Canonicalize(new ScheduleSpec { CronString = { "@every 14h/3h" } });
        var interval = Assert.Single(canonical.Interval);
        Assert.Equal(TimeSpan.FromHours(14), interval.Interval.ToTimeSpan());
        Assert.Equal(TimeSpan.FromHours(3), interval.Phase.ToTimeSpan());
    }

    [Fact]
    public void Next_SpringForwardInBerlin_SkippedLocalTimeDoesNotFire()
    {
        // 2026-03-29: clocks go from 02:00 to 03:00 in Europe/Berlin, so 02:30 does not exist that day.
        var compiled = Daily("Europe/Berlin", "2", "30");
        Assert.Equal(At("2026-03-28T01:30:00Z"), compiled.Next(At("2026-03-27T12:00:00Z"), "")!.Value.Nominal);
        Assert.Equal(At("2026-03-30T00:30:00Z"), compiled.Next(At("2026-03-28T01:30:00Z"), "")!.Value.Nominal);
    }

    [Fact]
    public void Next_FallBackInBerlin_RepeatedLocalTimeFiresTwice()
    {
        // 2026-10-25: clocks go from 03:00 back to 02:00, so 02:30 happens at 00:30Z (CEST) and 01:30Z (CET).
        var compiled = Daily("Europe/Berlin", "2", "30");
        var times = compiled.Times(At("2026-10-24T12:00:00Z"), At("2026-10-26T12:00:00Z"), "", 10);
        Assert.Equal([At("2026-10-25T00:30:00Z"), At("2026-10-25T01:30:00Z"), At("2026-10-26T01:30:00Z")], times);
    }

    [Fact]
    public void Next_EveryDayAt0200_FollowsTheZonesOffsetAcrossSeasons()
    {
        var compiled = Daily("Europe/Berlin", "2", "0");
        Assert.Equal(At("2026-01-15T01:00:00Z"), compiled.Next(At("2026-01-14T12:00:00Z"), "")!.Value.Nominal);
        Assert.Equal(At("2026-07-15T00:00:00Z"), compiled.Next(At("2026-07-14T12:00:00Z"), "")!.Value.Nominal);
    }

    [Fact]
    public void Next_SkipCalendar_SkipsWeekends()
    {
        var spec = new ScheduleSpec
        {
            Calendar = { new CalendarSpec { Hour = "9" } },
            ExcludeStructuredCalendar = { new StructuredCalendarSpec
            {
                Second = { new Temporalio.Api.Schedule.V1.Range { Start = 0, End = 59 } },
                Minute = { new Temporalio.Api.Schedule.V1.Range { Start = 0, End = 59 } },
                Hour = { new Temporalio.Api.Schedule.V1.Range { Start = 0, End = 23 } },
                DayOfMonth = { new Temporalio.Api.Schedule.V1.Range { Start = 1, End = 31 } },
                Month = { new Temporalio.Api.Schedule.V1.Range { Start = 1, End = 12 } },
                DayOfWeek = { new Temporalio.Api.Schedule.V1.Range { Start = 0 }, new Temporalio.Api.Schedule.V1.Range { Start = 6 } },
            } },
        };
        var compiled = CompiledScheduleSpec.Compile(spec);
        // Friday 2026-01-09 09:00, then Monday 2026-01-12 09:00.
        Assert.Equal(At("2026-01-12T09:00:00Z"), compiled.Next(At("2026-01-09T09:00:00Z"), "")!.Value.Nominal);
    }

    [Fact]
    public void Next_StartAndEndTimes_BoundTheMatches()
    {
        var spec = new ScheduleSpec
        {
            Interval = { new IntervalSpec { Interval = Duration.FromTimeSpan(TimeSpan.FromHours(1)) } },
            StartTime = Timestamp.FromDateTimeOffset(At("2026-01-01T05:00:00Z")),
            EndTime = Timestamp.FromDateTimeOffset(At("2026-01-01T07:00:00Z")),
        };
        var compiled = CompiledScheduleSpec.Compile(spec);
        Assert.Equal([At("2026-01-01T05:00:00Z"), At("2026-01-01T06:00:00Z"), At("2026-01-01T07:00:00Z")],
            compiled.Times(At("2026-01-01T00:00:00Z"), At("2026-01-02T00:00:00Z"), "", 10));
    }

    [Fact]
    public void Next_Jitter_IsDeterministicAndBelowTheJitterAndTheNextAction()
    {
        var spec = new ScheduleSpec
        {
            Interval = { new IntervalSpec { Interval = Duration.FromTimeSpan(TimeSpan.FromMinutes(1)) } },
            Jitter = Duration.FromTimeSpan(TimeSpan.FromMinutes(10)),
        };
        var compiled = CompiledScheduleSpec.Compile(spec);
        var offsets = new HashSet<TimeSpan>();
        for (var minute = 0; minute < 20; minute++)
        {
            var after = At("2026-01-01T00:00:00Z").AddMinutes(minute);
            var next = compiled.Next(after, "seed")!.Value;
            Assert.Equal(next, compiled.Next(after, "seed")!.Value);
            Assert.InRange(next.Actual - next.Nominal, TimeSpan.Zero, TimeSpan.FromMinutes(1) - TimeSpan.FromMilliseconds(1));
            offsets.Add(next.Actual - next.Nominal);
        }
        Assert.True(offsets.Count > 1, "jitter should vary between nominal times");
    }

    [Theory]
    [InlineData("tz", "Spec.TimezoneName", "unknown time zone")]
    [InlineData("cron", "Spec.CronString[0]", "5 to 7 fields")]
    [InlineData("cronvalue", "Spec.CronString[0].Hour", "not a value in 0-23")]
    [InlineData("end", "Spec.EndTime", "before Spec.StartTime")]
    [InlineData("interval", "Spec.Interval[0].Interval", "shorter than one second")]
    [InlineData("phase", "Spec.Interval[0].Phase", "not shorter than the interval")]
    [InlineData("crontz", "Spec.TimezoneName", "conflicts")]
    public void Canonicalize_BadSpec_NamesTheField(string problem, string field, string message)
    {
        var spec = problem switch
        {
            "tz" => new ScheduleSpec { TimezoneName = "Europe/Atlantis", Calendar = { new CalendarSpec() } },
            "cron" => new ScheduleSpec { CronString = { "* * *" } },
            "cronvalue" => new ScheduleSpec { CronString = { "0 25 * * *" } },
            "end" => new ScheduleSpec
            {
                StartTime = Timestamp.FromDateTimeOffset(At("2026-02-01T00:00:00Z")),
                EndTime = Timestamp.FromDateTimeOffset(At("2026-01-01T00:00:00Z")),
            },
            "interval" => new ScheduleSpec { Interval = { new IntervalSpec { Interval = Duration.FromTimeSpan(TimeSpan.FromMilliseconds(10)) } } },
            "phase" => new ScheduleSpec { Interval = { new IntervalSpec { Interval = Duration.FromTimeSpan(TimeSpan.FromMinutes(1)), Phase = Duration.FromTimeSpan(TimeSpan.FromMinutes(1)) } } },
            _ => new ScheduleSpec { TimezoneName = "Europe/Paris", CronString = { "CRON_TZ=Europe/Berlin 0 9 * * *" } },
        };
        var ex = Assert.Throws<ScheduleSpecException>(() => ScheduleSpecCanonicalizer.Canonicalize(spec));
        Assert.Equal(field, ex.Field);
        Assert.Contains(message, ex.Problem, StringComparison.Ordinal);
    }

    private static CompiledScheduleSpec Daily(string zone, string hour, string minute) =>
        CompiledScheduleSpec.Compile(new ScheduleSpec { TimezoneName = zone, Calendar = { new CalendarSpec { Hour = hour, Minute = minute } } });

    private static DateTimeOffset At(string text) => DateTimeOffset.Parse(text, CultureInfo.InvariantCulture);
}
