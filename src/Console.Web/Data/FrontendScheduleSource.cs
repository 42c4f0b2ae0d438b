using System.Security.Claims;
using Fencepost.ConsoleWeb.Security;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Temporalio.Api.Schedule.V1;
using Temporalio.Api.WorkflowService.V1;
using Temporalio.Exceptions;

namespace Fencepost.ConsoleWeb.Data;

/// <summary>
/// Schedules through this process's own frontend, with the requests an SDK or the CLI would send:
/// the engine validates them and a refusal arrives in its own words. Pause and unpause record the
/// reason as the schedule's note; every action also goes to the audit log with the user and reason.
/// </summary>
internal sealed partial class FrontendScheduleSource(FrontendClient frontend, ConsolePermissions permissions, ILogger<FrontendScheduleSource> logger) : IScheduleSource
{
    private const int ListPageSize = 100;

    public async Task<IReadOnlyList<ScheduleListEntry>> ListAsync(string namespaceName, int limit, CancellationToken cancellationToken = default)
    {
        var client = await frontend.GetAsync(cancellationToken);
        var entries = new List<ScheduleListEntry>();
        var token = ByteString.Empty;
        do
        {
            var page = await client.WorkflowService.ListSchedulesAsync(new ListSchedulesRequest
            {
                Namespace = namespaceName,
                MaximumPageSize = ListPageSize,
                NextPageToken = token,
            }, Options(cancellationToken));
            entries.AddRange(page.Schedules);
            token = page.NextPageToken;
        }
        while (!token.IsEmpty && entries.Count < limit);
        return entries.Count > limit ? entries[..limit] : entries;
    }

    public async Task<ScheduleDetail?> GetAsync(string namespaceName, string scheduleId, CancellationToken cancellationToken = default)
    {
        var client = await frontend.GetAsync(cancellationToken);
        try
        {
            var description = await client.WorkflowService.DescribeScheduleAsync(
                new DescribeScheduleRequest { Namespace = namespaceName, ScheduleId = scheduleId }, Options(cancellationToken));
            return new ScheduleDetail(new ScheduleRef(namespaceName, scheduleId), description);
        }
        catch (RpcException ex) when (ex.Code is RpcException.StatusCode.NotFound or RpcException.StatusCode.InvalidArgument)
        {
            return null;
        }
    }

    public Task PauseAsync(ClaimsPrincipal user, ScheduleRef schedule, string reason, CancellationToken cancellationToken = default) =>
        PatchAsync(user, schedule, "paused", reason, new SchedulePatch { Pause = RequireReason(reason) }, cancellationToken);

    public Task UnpauseAsync(ClaimsPrincipal user, ScheduleRef schedule, string reason, CancellationToken cancellationToken = default) =>
        PatchAsync(user, schedule, "unpaused", reason, new SchedulePatch { Unpause = RequireReason(reason) }, cancellationToken);

    public Task TriggerAsync(ClaimsPrincipal user, ScheduleRef schedule, string reason, CancellationToken cancellationToken = default)
    {
        RequireReason(reason);
        return PatchAsync(user, schedule, "triggered", reason, new SchedulePatch { TriggerImmediately = new TriggerImmediatelyRequest() }, cancellationToken);
    }

    public Task BackfillAsync(ClaimsPrincipal user, ScheduleRef schedule, DateTimeOffset start, DateTimeOffset end, string reason, CancellationToken cancellationToken = default)
    {
        RequireReason(reason);
        if (end < start)
        {
            throw new WorkflowActionException("The backfill ends before it starts.");
        }
        var patch = new SchedulePatch
        {
            BackfillRequest = { new BackfillRequest { StartTime = Timestamp.FromDateTimeOffset(start), EndTime = Timestamp.FromDateTimeOffset(end) } },
        };
        return PatchAsync(user, schedule, $"backfilled {start.UtcDateTime:yyyy-MM-dd HH:mm:ss} to {end.UtcDateTime:yyyy-MM-dd HH:mm:ss} UTC on", reason, patch, cancellationToken);
    }

    private async Task PatchAsync(ClaimsPrincipal user, ScheduleRef schedule, string action, string reason, SchedulePatch patch, CancellationToken cancellationToken)
    {
        permissions.EnsureCanOperate(user);
        var identity = FrontendWorkflowDetails.IdentityOf(user);
        var client = await frontend.GetAsync(cancellationToken);
        try
        {
            await client.WorkflowService.PatchScheduleAsync(new PatchScheduleRequest
            {
                Namespace = schedule.Namespace,
                ScheduleId = schedule.ScheduleId,
                Patch = patch,
                Identity = identity,
                RequestId = Guid.NewGuid().ToString(),
            }, Options(cancellationToken));
        }
        catch (RpcException ex)
        {
            throw new WorkflowActionException($"The server refused: {ex.Message} ({ex.Code})", ex);
        }
        LogScheduleAction(identity, action, schedule.ScheduleId, schedule.Namespace, reason.Trim());
    }

    private static string RequireReason(string reason) =>
        string.IsNullOrWhiteSpace(reason) ? throw new WorkflowActionException("Say why: the reason is recorded in the audit log.") : reason.Trim();

    private static Temporalio.Client.RpcOptions Options(CancellationToken cancellationToken) => new() { CancellationToken = cancellationToken };

    [LoggerMessage(EventId = 5200, Level = LogLevel.Information, Message = "Audit: {Identity} {Action} schedule {ScheduleId} in namespace {Namespace}: {Reason}")]
    private partial void LogScheduleAction(string identity, string action, string scheduleId, string @namespace, string reason);
}
