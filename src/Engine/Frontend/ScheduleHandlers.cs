using Fencepost.Engine.Errors;
using Fencepost.Engine.History;
using Fencepost.Engine.History.Schedules;
using Fencepost.Engine.History.Schedules.Spec;
using Fencepost.Engine.Namespaces;
using Fencepost.Engine.Persistence.Model;
using Fencepost.Engine.Persistence.Stores;
using Fencepost.Engine.Persistence.Visibility;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Temporalio.Api.Common.V1;
using Temporalio.Api.Schedule.V1;
using Temporalio.Api.WorkflowService.V1;

namespace Fencepost.Engine.Frontend;

/// <summary>Schedules: create, describe, update, patch, delete, list, count and the spec's matching times.</summary>
internal sealed class ScheduleHandlers(NamespaceRegistry namespaces, HistoryEngine history, IPersistenceStore store) : IWorkflowServiceHandlerSource
{
    private const int DefaultPageSize = 100;
    private const int MaxPageSize = 1_000;

    public void Register(HandlerRegistrar registrar)
    {
        registrar.Add<CreateScheduleRequest, CreateScheduleResponse>("CreateSchedule", CreateAsync);
        registrar.Add<DescribeScheduleRequest, DescribeScheduleResponse>("DescribeSchedule", DescribeAsync);
        registrar.Add<UpdateScheduleRequest, UpdateScheduleResponse>("UpdateSchedule", UpdateAsync);
        registrar.Add<PatchScheduleRequest, PatchScheduleResponse>("PatchSchedule", PatchAsync);
        registrar.Add<DeleteScheduleRequest, DeleteScheduleResponse>("DeleteSchedule", DeleteAsync);
        registrar.Add<ListSchedulesRequest, ListSchedulesResponse>("ListSchedules", ListAsync);
        registrar.Add<CountSchedulesRequest, CountSchedulesResponse>("CountSchedules", CountAsync);
        registrar.Add<ListScheduleMatchingTimesRequest, ListScheduleMatchingTimesResponse>("ListScheduleMatchingTimes", MatchingTimesAsync);
    }

    private async Task<CreateScheduleResponse> CreateAsync(CreateScheduleRequest request, ServerCallContext context)
    {
        var ns = await namespaces.GetAsync(request.Namespace, context.CancellationToken).ConfigureAwait(false);
        ScheduleRequestValidator.ScheduleId(request.ScheduleId);
        var schedule = ScheduleRequestValidator.Schedule(request.Schedule);
        RequestValidator.Blob(request.Memo, "Memo");
        RequestValidator.Blob(request.SearchAttributes, "SearchAttributes");
        Patch(request.InitialPatch, "InitialPatch");
        var requestId = string.IsNullOrEmpty(request.RequestId) ? Guid.NewGuid().ToString() : request.RequestId;
        await history.CreateScheduleAsync(ns, request.ScheduleId, schedule, request.InitialPatch, request.Memo is { Fields.Count: > 0 } ? request.Memo : null,
            request.SearchAttributes is { IndexedFields.Count: > 0 } ? request.SearchAttributes : null, requestId, request.Identity, context.CancellationToken).ConfigureAwait(false);
        return new CreateScheduleResponse { ConflictToken = SchedulerMachine.ConflictTokenBytes(1) };
    }

    private async Task<DescribeScheduleResponse> DescribeAsync(DescribeScheduleRequest request, ServerCallContext context)
    {
        var ns = await namespaces.GetAsync(request.Namespace, context.CancellationToken).ConfigureAwait(false);
        ScheduleRequestValidator.ScheduleId(request.ScheduleId);
        return await history.DescribeScheduleAsync(ns, request.ScheduleId, context.CancellationToken).ConfigureAwait(false);
    }

    private async Task<UpdateScheduleResponse> UpdateAsync(UpdateScheduleRequest request, ServerCallContext context)
    {
        var ns = await namespaces.GetAsync(request.Namespace, context.CancellationToken).ConfigureAwait(false);
        ScheduleRequestValidator.ScheduleId(request.ScheduleId);
        var schedule = ScheduleRequestValidator.Schedule(request.Schedule);
        RequestValidator.Blob(request.SearchAttributes, "SearchAttributes");
        await history.UpdateScheduleAsync(ns, request.ScheduleId, schedule, request.SearchAttributes,
            request.ConflictToken.IsEmpty ? null : request.ConflictToken.ToByteArray(), context.CancellationToken).ConfigureAwait(false);
        return new UpdateScheduleResponse();
    }

    private async Task<PatchScheduleResponse> PatchAsync(PatchScheduleRequest request, ServerCallContext context)
    {
        var ns = await namespaces.GetAsync(request.Namespace, context.CancellationToken).ConfigureAwait(false);
        ScheduleRequestValidator.ScheduleId(request.ScheduleId);
        var patch = request.Patch ?? throw ServiceErrorException.InvalidArgument("Patch is not set on request.");
        Patch(patch, "Patch");
        await history.PatchScheduleAsync(ns, request.ScheduleId, patch, context.CancellationToken).ConfigureAwait(false);
        return new PatchScheduleResponse();
    }

    private async Task<DeleteScheduleResponse> DeleteAsync(DeleteScheduleRequest request, ServerCallContext context)
    {
        var ns = await namespaces.GetAsync(request.Namespace, context.CancellationToken).ConfigureAwait(false);
        ScheduleRequestValidator.ScheduleId(request.ScheduleId);
        await history.DeleteScheduleAsync(ns, request.ScheduleId, request.Identity, context.CancellationToken).ConfigureAwait(false);
        return new DeleteScheduleResponse();
    }

    private async Task<ListScheduleMatchingTimesResponse> MatchingTimesAsync(ListScheduleMatchingTimesRequest request, ServerCallContext context)
    {
        var ns = await namespaces.GetAsync(request.Namespace, context.CancellationToken).ConfigureAwait(false);
        ScheduleRequestValidator.ScheduleId(request.ScheduleId);
        if (request.StartTime is null || request.EndTime is null)
        {
            throw ServiceErrorException.InvalidArgument("StartTime and EndTime must both be set.");
        }
        if (request.EndTime.ToDateTimeOffset() < request.StartTime.ToDateTimeOffset())
        {
            throw ServiceErrorException.InvalidArgument("EndTime is before StartTime.");
        }
        var times = await history.ScheduleMatchingTimesAsync(ns, request.ScheduleId, request.StartTime.ToDateTimeOffset(), request.EndTime.ToDateTimeOffset(),
            context.CancellationToken).ConfigureAwait(false);
        var response = new ListScheduleMatchingTimesResponse();
        response.StartTime.Add(times.Select(Timestamp.FromDateTimeOffset));
        return response;
    }

    private async Task<ListSchedulesResponse> ListAsync(ListSchedulesRequest request, ServerCallContext context)
    {
        var ns = await namespaces.GetAsync(request.Namespace, context.CancellationToken).ConfigureAwait(false);
        var filter = SchedulerVisibility.SchedulesOnly(ScheduleQuery.Parse(request.Query));
        var pageSize = request.MaximumPageSize <= 0 ? DefaultPageSize : Math.Min(request.MaximumPageSize, MaxPageSize);
        var page = await store.Visibility.ListAsync(ns.Id, new VisibilityQuery(filter), pageSize,
            request.NextPageToken.IsEmpty ? null : request.NextPageToken.ToByteArray(), context.CancellationToken).ConfigureAwait(false);
        var response = new ListSchedulesResponse
        {
            NextPageToken = page.NextPageToken is null ? ByteString.Empty : ByteString.CopyFrom(page.NextPageToken),
        };
        response.Schedules.Add(page.Items.Select(ToEntry));
        return response;
    }

    private async Task<CountSchedulesResponse> CountAsync(CountSchedulesRequest request, ServerCallContext context)
    {
        var ns = await namespaces.GetAsync(request.Namespace, context.CancellationToken).ConfigureAwait(false);
        var filter = SchedulerVisibility.SchedulesOnly(ScheduleQuery.Parse(request.Query));
        return new CountSchedulesResponse { Count = await store.Visibility.CountAsync(ns.Id, filter, context.CancellationToken).ConfigureAwait(false) };
    }

    private static ScheduleListEntry ToEntry(VisibilityRecord record)
    {
        var memo = record.Memo is null ? new Memo() : Memo.Parser.ParseFrom(record.Memo);
        ScheduleListInfo? info = null;
        if (memo.Fields.Remove(SchedulerNames.ListInfoMemoField, out var infoPayload))
        {
            info = ScheduleListInfo.Parser.ParseFrom(infoPayload.Data);
            if (info.Spec is not null)
            {
                ScheduleSpecCanonicalizer.Clean(info.Spec);
            }
        }
        var attributes = record.SearchAttributes is null ? new SearchAttributes() : SearchAttributes.Parser.ParseFrom(record.SearchAttributes);
        attributes.IndexedFields.Remove(SchedulerNames.PausedSearchAttribute);
        return new ScheduleListEntry
        {
            ScheduleId = record.WorkflowId[SchedulerNames.WorkflowIdPrefix.Length..],
            Memo = memo.Fields.Count > 0 ? memo : null,
            SearchAttributes = attributes.IndexedFields.Count > 0 ? attributes : null,
            Info = info,
        };
    }

    private static void Patch(SchedulePatch? patch, string field)
    {
        if (patch is null)
        {
            return;
        }
        for (var i = 0; i < patch.BackfillRequest.Count; i++)
        {
            var backfill = patch.BackfillRequest[i];
            if (backfill.StartTime is null || backfill.EndTime is null)
            {
                throw ServiceErrorException.InvalidArgument($"{field}.BackfillRequest[{i}] needs both StartTime and EndTime.");
            }
            if (backfill.EndTime.ToDateTimeOffset() < backfill.StartTime.ToDateTimeOffset())
            {
                throw ServiceErrorException.InvalidArgument($"{field}.BackfillRequest[{i}].EndTime is before its StartTime.");
            }
        }
    }
}
