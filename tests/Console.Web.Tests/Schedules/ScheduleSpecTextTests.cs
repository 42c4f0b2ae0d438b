using Fencepost.ConsoleWeb.Schedules;
using Fencepost.ConsoleWeb.Tests.Fakes;
using Google.Protobuf.WellKnownTypes;
using Temporalio.Api.Schedule.V1;
using Range = Temporalio.Api.Schedule.V1.Range;

namespace Fencepost.ConsoleWeb.Tests.Schedules;

public sealed class ScheduleSpecTextTests
{
    private static StructuredCalendarSpec Calendar(Range[] minute, Range[] hour, Range[]? dayOfWeek = null, Range[]? dayOfMonth = null, Range[]? month = null) => new()
    {
        Second = { new Range { Start = 0 } },
        Minute = { minute },
        Hour = { hour },
        DayOfMonth = { dayOfMonth ?? [new Range { Start = 1, End = 31 }] },
        Month = { month ?? [new Range { Start = 1, End = 12 }] },
        DayOfWeek = { dayOfWeek ?? [new Range { Start = 0, End = 6 }] },
    };

    [Fact]
    public void Describe_DailyCalendarInZone_EveryDayAtTimeAndZone()
    {
        Assert.Equal("every day at 02:00 Europe/Berlin", ScheduleSpecText.Describe(SampleSchedules.Nightly()));
    }

    [Fact]
    public void Describe_FiveMinuteInterval_EveryFiveMinutes()
    {
        Assert.Equal("every 5 minutes", ScheduleSpecText.Describe(SampleSchedules.EveryFiveMinutes()));
    }

    [Fact]
    public void Describe_IntervalWithPhase_SaysTheOffset()
    {
        var spec = new ScheduleSpec { Interval = { new IntervalSpec { Interval = Duration.FromTimeSpan(TimeSpan.FromHours(1)), Phase = Duration.FromTimeSpan(TimeSpan.FromMinutes(15)) } } };

        Assert.Equal("every hour, offset by 15 minutes", ScheduleSpecText.Describe(spec));
    }

    [Fact]
    public void Describe_WeekdaysAndNamedDays_NamesTheDays()
    {
        var weekdays = new ScheduleSpec { StructuredCalendar = { Calendar([new Range { Start = 30 }], [new Range { Start = 9 }], dayOfWeek: [new Range { Start = 1, End = 5 }]) } };
        var mondayFriday = new ScheduleSpec { StructuredCalendar = { Calendar([new Range { Start = 0 }], [new Range { Start = 8 }, new Range { Start = 17 }], dayOfWeek: [new Range { Start = 1 }, new Range { Start = 5 }]) } };

        Assert.Equal("every weekday at 09:30 UTC", ScheduleSpecText.Describe(weekdays));
        Assert.Equal("every Monday and Friday at 08:00 and 17:00 UTC", ScheduleSpecText.Describe(mondayFriday));
    }

    [Fact]
    public void Describe_MinuteStepAsCronWrites_EveryFiveMinutesWithinHours()
    {
        // "*/5 9-17 * * *": minutes 0-59 step 5, hours 9 to 17.
        var spec = new ScheduleSpec { StructuredCalendar = { Calendar([new Range { Start = 0, End = 59, Step = 5 }], [new Range { Start = 9, End = 17 }]) } };

        Assert.Equal("every 5 minutes during hour 09-17 UTC", ScheduleSpecText.Describe(spec));
    }

    [Fact]
    public void Describe_DayOfMonthInSomeMonthsWithComment_SaysDayMonthsAndComment()
    {
        var calendar = Calendar([new Range { Start = 0 }], [new Range { Start = 6 }], dayOfMonth: [new Range { Start = 1 }], month: [new Range { Start = 1, End = 12, Step = 3 }]);
        calendar.Comment = "quarterly close";
        var spec = new ScheduleSpec { TimezoneName = "America/New_York", StructuredCalendar = { calendar } };

        Assert.Equal("on day 1 of the month in January, April, July and October at 06:00 America/New_York (quarterly close)", ScheduleSpecText.Describe(spec));
    }

    [Fact]
    public void Describe_ExclusionsBoundsAndJitter_AllSaid()
    {
        var spec = SampleSchedules.EveryFiveMinutes();
        spec.ExcludeStructuredCalendar.Add(Calendar([new Range { Start = 0, End = 59 }], [new Range { Start = 0, End = 23 }], dayOfWeek: [new Range { Start = 0 }, new Range { Start = 6 }]));
        spec.StartTime = Timestamp.FromDateTimeOffset(new DateTimeOffset(2026, 12, 1, 0, 0, 0, TimeSpan.Zero));
        spec.EndTime = Timestamp.FromDateTimeOffset(new DateTimeOffset(2027, 1, 1, 0, 0, 0, TimeSpan.Zero));
        spec.Jitter = Duration.FromTimeSpan(TimeSpan.FromSeconds(30));

        Assert.Equal(
            "every 5 minutes; except every minute, every Saturday and Sunday UTC; from 2026-12-01 00:00:00 UTC; until 2027-01-01 00:00:00 UTC; each up to 30 seconds late (jitter)",
            ScheduleSpecText.Describe(spec));
    }

    [Fact]
    public void Describe_NoCalendarOrInterval_SaysNever()
    {
        Assert.Equal("never (the spec matches no time)", ScheduleSpecText.Describe(new ScheduleSpec()));
    }
}
