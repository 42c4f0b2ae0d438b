using System.Collections.Concurrent;
using Google.Protobuf;
using Google.Protobuf.Reflection;
using Temporalio.Api.Common.V1;

namespace Fencepost.Engine.Cluster.Routing;

/// <summary>
/// Reads a WorkflowService request's routing key from its fields, by name through the message
/// descriptor, so every method that names a workflow is covered without a table of 100 methods:
/// <c>task_token</c> first (worker completions), then <c>schedule_id</c> (the schedule's internal
/// execution), then <c>workflow_id</c>, then a <c>workflow_execution</c> / <c>execution</c>
/// message, then an update's <c>update_ref</c> and update-with-start's first operation. Polls and
/// DescribeTaskQueue go by
/// task queue. The field lookups are cached per message type.
/// </summary>
internal static class CallRoutes
{
    private static readonly HashSet<string> TaskQueueMethods = new(StringComparer.Ordinal)
    {
        "PollWorkflowTaskQueue", "PollActivityTaskQueue", "DescribeTaskQueue",
    };

    private static readonly ConcurrentDictionary<MessageDescriptor, RouteFields> Fields = new();

    public static CallRoute Of(string methodName, IMessage request)
    {
        var fields = Fields.GetOrAdd(request.Descriptor, RouteFields.Find);
        var ns = fields.Namespace?.Accessor.GetValue(request) as string ?? "";
        if (TaskQueueMethods.Contains(methodName))
        {
            var queue = fields.TaskQueue?.Accessor.GetValue(request) as Temporalio.Api.TaskQueue.V1.TaskQueue;
            return string.IsNullOrEmpty(queue?.Name) || ns.Length == 0 ? CallRoute.Local : CallRoute.TaskQueue(ns, queue.Name);
        }
        if (fields.TaskToken?.Accessor.GetValue(request) is ByteString { IsEmpty: false } token)
        {
            return CallRoute.Token(token.ToByteArray());
        }
        if (ns.Length == 0)
        {
            return CallRoute.Local;
        }
        if (fields.ScheduleId?.Accessor.GetValue(request) is string { Length: > 0 } scheduleId)
        {
            // A schedule lives on the shard of its internal execution.
            return CallRoute.Workflow(ns, History.Schedules.SchedulerNames.WorkflowIdOf(scheduleId));
        }
        if (fields.WorkflowId?.Accessor.GetValue(request) is string { Length: > 0 } workflowId)
        {
            return CallRoute.Workflow(ns, workflowId);
        }
        if (fields.Execution?.Accessor.GetValue(request) is WorkflowExecution { WorkflowId.Length: > 0 } execution)
        {
            return CallRoute.Workflow(ns, execution.WorkflowId);
        }
        if (fields.UpdateRef?.Accessor.GetValue(request) is Temporalio.Api.Update.V1.UpdateRef { WorkflowExecution.WorkflowId.Length: > 0 } updateRef)
        {
            return CallRoute.Workflow(ns, updateRef.WorkflowExecution.WorkflowId);
        }
        if (request is Temporalio.Api.WorkflowService.V1.ExecuteMultiOperationRequest { Operations: [{ StartWorkflow.WorkflowId.Length: > 0 } first, ..] })
        {
            // Update-with-start: both operations name one workflow (the frontend checks it on the owner).
            return CallRoute.Workflow(ns, first.StartWorkflow.WorkflowId);
        }
        return CallRoute.Local;
    }

    private sealed record RouteFields(FieldDescriptor? Namespace, FieldDescriptor? TaskToken, FieldDescriptor? WorkflowId, FieldDescriptor? Execution, FieldDescriptor? TaskQueue,
        FieldDescriptor? UpdateRef, FieldDescriptor? ScheduleId)
    {
        public static RouteFields Find(MessageDescriptor descriptor) => new(
            Typed(descriptor, "namespace", FieldType.String),
            Typed(descriptor, "task_token", FieldType.Bytes),
            Typed(descriptor, "workflow_id", FieldType.String),
            Message(descriptor, "workflow_execution", WorkflowExecution.Descriptor) ?? Message(descriptor, "execution", WorkflowExecution.Descriptor),
            Message(descriptor, "task_queue", Temporalio.Api.TaskQueue.V1.TaskQueue.Descriptor),
            Message(descriptor, "update_ref", Temporalio.Api.Update.V1.UpdateRef.Descriptor),
            Typed(descriptor, "schedule_id", FieldType.String));

        private static FieldDescriptor? Typed(MessageDescriptor descriptor, string name, FieldType type) =>
            descriptor.FindFieldByName(name) is { IsRepeated: false } field && field.FieldType == type ? field : null;

        private static FieldDescriptor? Message(MessageDescriptor descriptor, string name, MessageDescriptor type) =>
            descriptor.FindFieldByName(name) is { IsRepeated: false, FieldType: FieldType.Message } field && field.MessageType == type ? field : null;
    }
}
