using NodaTime;

namespace Fencepost.Engine.History.Schedules.Spec;

/// <summary>
/// IANA time zones by name, from NodaTime's embedded tz database: the same rules on every machine,
/// whether or not the operating system has tzdata, and kept current with NodaTime releases. An empty
/// name is UTC, as in Temporal.
/// </summary>
internal static class ScheduleTimeZones
{
    /// <summary>The zone, or null when the name is not an IANA zone id NodaTime knows.</summary>
    public static DateTimeZone? Find(string? name)
    {
        if (string.IsNullOrEmpty(name) || name == "UTC")
        {
            return DateTimeZone.Utc;
        }
        return DateTimeZoneProviders.Tzdb.GetZoneOrNull(name);
    }

    /// <summary>The zone, or a <see cref="ScheduleSpecException"/> naming <paramref name="field"/>.</summary>
    public static DateTimeZone Get(string? name, string field) =>
        Find(name) ?? throw new ScheduleSpecException(field, $"unknown time zone '{ErrorTextOf(name)}'; use an IANA name such as Europe/Berlin or America/New_York.");

    private static string ErrorTextOf(string? name) => Errors.ErrorText.Echo(name ?? "");
}
