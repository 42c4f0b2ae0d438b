namespace Fencepost.Engine.History.Schedules.Spec;

/// <summary>
/// A schedule spec (or a workflow's cron schedule) that cannot be used, with the field it is about
/// (as the API names it, e.g. <c>Spec.CronString[0]</c>) and what is wrong in words.
/// </summary>
internal sealed class ScheduleSpecException(string field, string problem) : Exception($"{field}: {problem}")
{
    public string Field { get; } = field;

    public string Problem { get; } = problem;
}
