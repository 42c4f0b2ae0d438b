using Fencepost.Engine.History.Cron;

namespace Fencepost.Engine.Tests.History;

/// <summary>The cron parser and its next-fire arithmetic (UTC, or the zone CRON_TZ names).</summary>
public class CronScheduleTests
{
    [Theory]
    [InlineData("* * * * *", "2026-01-01T10:15:30Z", "2026-01-01T10:16:00Z")]
    [InlineData("*/15 * * * *", "2026-01-01T10:15:30Z", "2026-01-01T10:30:00Z")]
    [InlineData("5-10/2 * * * *", "2026-01-01T10:06:00Z", "2026-01-01T10:07:00Z")]
    [InlineData("0 9 * * MON-FRI", "2026-01-03T08:00:00Z", "2026-01-05T09:00:00Z")]
    [InlineData("0 0 1 JAN *", "2026-01-01T10:00:00Z", "2027-01-01T00:00:00Z")]
    [InlineData("0 0 13 * 5", "2026-01-01T10:00:00Z", "2026-01-02T00:00:00Z")]
    [InlineData("30 2 * * 7", "2026-01-01T10:00:00Z", "2026-01-04T02:30:00Z")]
    [InlineData("0 12 29 2 *", "2026-01-01T00:00:00Z", "2028-02-29T12:00:00Z")]
    [InlineData("@hourly", "2026-01-01T10:15:00Z", "2026-01-01T11:00:00Z")]
    [InlineData("@daily", "2026-01-01T10:15:00Z", "2026-01-02T00:00:00Z")]
    [InlineData("@weekly", "2026-01-01T10:15:00Z", "2026-01-04T00:00:00Z")]
    [InlineData("@monthly", "2026-01-01T10:15:00Z", "2026-02-01T00:00:00Z")]
    [InlineData("@yearly", "2026-01-01T10:15:00Z", "2027-01-01T00:00:00Z")]
    [InlineData("@every 90s", "2026-01-01T10:15:30.500Z", "2026-01-01T10:17:00Z")]
    [InlineData("@every 1h30m", "2026-01-01T10:00:00Z", "2026-01-01T11:30:00Z")]
    public void NextAfter_Expression_FirstFireStrictlyAfter(string expression, string from, string expected)
    {
        var next = CronSchedule.Parse(expression).NextAfter(DateTimeOffset.Parse(from, System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(DateTimeOffset.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), next);
    }

    [Theory]
    [InlineData("", "expected 5 fields")]
    [InlineData("* * * *", "expected 5 fields")]
    [InlineData("61 * * * *", "Minute field '61' is not a value in 0-59")]
    [InlineData("* 24 * * *", "Hour field")]
    [InlineData("* * * * MON-", "Day-of-week field")]
    [InlineData("*/0 * * * *", "invalid step")]
    [InlineData("0 0 30 2 *", "never fires")]
    [InlineData("@every banana", "is not a duration")]
    [InlineData("@reboot", "use five fields")]
    [InlineData("CRON_TZ=Mars/Olympus_Mons 0 9 * * *", "unknown time zone 'Mars/Olympus_Mons'")]
    [InlineData("CRON_TZ=Europe/Paris", "has no fields")]
    public void Validate_BadExpression_ExplainsWhatIsWrong(string expression, string expected)
    {
        var problem = CronSchedule.Validate(expression);
        Assert.NotNull(problem);
        Assert.StartsWith("Invalid CronSchedule", problem, StringComparison.Ordinal);
        Assert.Contains(expected, problem, StringComparison.Ordinal);
    }

    [Fact]
    public void DelayAfter_FiresMissedWhileRunning_SkipsToNextFireAfterNow()
    {
        var schedule = CronSchedule.Parse("* * * * *");
        var scheduled = DateTimeOffset.Parse("2026-01-01T10:00:00Z", System.Globalization.CultureInfo.InvariantCulture);
        var now = DateTimeOffset.Parse("2026-01-01T10:05:30Z", System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal(TimeSpan.FromSeconds(30), schedule.DelayAfter(scheduled, now));
    }

    [Fact]
    public void DelayAfter_FirstRun_WaitsUntilFirstFire()
    {
        var now = DateTimeOffset.Parse("2026-01-01T10:15:20Z", System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal(TimeSpan.FromSeconds(280), CronSchedule.Parse("*/5 * * * *").DelayAfter(now, now));
    }

    [Theory]
    [InlineData("CRON_TZ=Europe/Berlin 0 9 * * *", "2026-01-10T00:00:00Z", "2026-01-10T08:00:00Z")]
    [InlineData("CRON_TZ=Europe/Berlin 0 9 * * *", "2026-07-10T00:00:00Z", "2026-07-10T07:00:00Z")]
    [InlineData("TZ=America/New_York 30 2 * * *", "2026-03-08T00:00:00Z", "2026-03-09T06:30:00Z")]
    [InlineData("CRON_TZ=America/New_York 30 1 * * *", "2026-11-01T05:30:00Z", "2026-11-01T06:30:00Z")]
    public void NextAfter_CronTz_FiresOnThatZonesWallClock(string expression, string from, string expected)
    {
        var next = CronSchedule.Parse(expression).NextAfter(DateTimeOffset.Parse(from, System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(DateTimeOffset.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), next);
    }
}
