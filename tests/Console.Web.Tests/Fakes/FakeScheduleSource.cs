using System.Security.Claims;
using Fencepost.ConsoleWeb.Data;
using Temporalio.Api.Schedule.V1;

namespace Fencepost.ConsoleWeb.Tests.Fakes;

/// <summary>Schedules the test put in, and the actions the page sent (with the user's name), or a refusal to throw.</summary>
public sealed class FakeScheduleSource : IScheduleSource
{
    public List<ScheduleListEntry> Listed { get; } = [];

    public Dictionary<(string Namespace, string ScheduleId), ScheduleDetail> Details { get; } = [];

    public List<(string Action, string User, ScheduleRef Schedule, string Reason, DateTimeOffset? Start, DateTimeOffset? End)> Sent { get; } = [];

    /// <summary>When set, every action throws this, as the frontend refusing it would.</summary>
    public WorkflowActionException? Refusal { get; set; }

    public void Add(ScheduleDetail detail) => Details[(detail.Schedule.Namespace, detail.Schedule.ScheduleId)] = detail;

    public Task<IReadOnlyList<ScheduleListEntry>> ListAsync(string namespaceName, int limit, CancellationToken cancellationToken = default) =>
        Task.FromResult<IReadOnlyList<ScheduleListEntry>>(Listed.Take(limit).ToList());

    public Task<ScheduleDetail?> GetAsync(string namespaceName, string scheduleId, CancellationToken cancellationToken = default) =>
        Task.FromResult(Details.GetValueOrDefault((namespaceName, scheduleId)));

    public Task PauseAsync(ClaimsPrincipal user, ScheduleRef schedule, string reason, CancellationToken cancellationToken = default) =>
        Record("pause", user, schedule, reason, null, null);

    public Task UnpauseAsync(ClaimsPrincipal user, ScheduleRef schedule, string reason, CancellationToken cancellationToken = default) =>
        Record("unpause", user, schedule, reason, null, null);

    public Task TriggerAsync(ClaimsPrincipal user, ScheduleRef schedule, string reason, CancellationToken cancellationToken = default) =>
        Record("trigger", user, schedule, reason, null, null);

    public Task BackfillAsync(ClaimsPrincipal user, ScheduleRef schedule, DateTimeOffset start, DateTimeOffset end, string reason, CancellationToken cancellationToken = default) =>
        Record("backfill", user, schedule, reason, start, end);

    private Task Record(string action, ClaimsPrincipal user, ScheduleRef schedule, string reason, DateTimeOffset? start, DateTimeOffset? end)
    {
        if (Refusal is not null)
        {
            throw Refusal;
        }
        Sent.Add((action, user.Identity?.Name ?? "", schedule, reason, start, end));
        return Task.CompletedTask;
    }
}
