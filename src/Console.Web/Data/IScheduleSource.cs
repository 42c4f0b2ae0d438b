using System.Security.Claims;
using Temporalio.Api.Schedule.V1;

namespace Fencepost.ConsoleWeb.Data;

/// <summary>
/// Lists and reads a namespace's schedules and performs the operator's actions on one (pause,
/// unpause, trigger, backfill). Actions check the user's permission themselves, need a reason, send
/// <c>console:&lt;user&gt;</c> as the identity and are written to the audit log; they throw
/// <see cref="WorkflowActionException"/> with the server's words when it refuses.
/// </summary>
public interface IScheduleSource
{
    /// <summary>Every schedule of the namespace (up to <paramref name="limit"/>), as ListSchedules gives them.</summary>
    Task<IReadOnlyList<ScheduleListEntry>> ListAsync(string namespaceName, int limit, CancellationToken cancellationToken = default);

    /// <summary>The schedule, or null when the namespace or the schedule does not exist.</summary>
    Task<ScheduleDetail?> GetAsync(string namespaceName, string scheduleId, CancellationToken cancellationToken = default);

    Task PauseAsync(ClaimsPrincipal user, ScheduleRef schedule, string reason, CancellationToken cancellationToken = default);

    Task UnpauseAsync(ClaimsPrincipal user, ScheduleRef schedule, string reason, CancellationToken cancellationToken = default);

    /// <summary>Starts the schedule's action now, under its overlap policy.</summary>
    Task TriggerAsync(ClaimsPrincipal user, ScheduleRef schedule, string reason, CancellationToken cancellationToken = default);

    /// <summary>Takes the actions the spec gives between <paramref name="start"/> and <paramref name="end"/>, as if the schedule had run then.</summary>
    Task BackfillAsync(ClaimsPrincipal user, ScheduleRef schedule, DateTimeOffset start, DateTimeOffset end, string reason, CancellationToken cancellationToken = default);
}
