using System.Collections.Frozen;

namespace Fencepost.Engine.Frontend;

/// <summary>
/// Which string fields of a request are ids or names, and what they may hold: at most
/// <see cref="RequestValidator.MaxIdLength"/> bytes of UTF-8 (Temporal's default limit.maxIDLength,
/// which Go measures in bytes; it also keeps every id inside DSQL's 1 KiB key limit) and no control
/// characters (U+0000-U+001F, U+007F-U+009F).
/// </summary>
internal static class RequestIdFields
{
    /// <summary>Id fields by their proto name, in whichever message they appear.</summary>
    private static readonly FrozenSet<string> Anywhere = FrozenSet.Create(StringComparer.Ordinal,
        "namespace", "workflow_id", "run_id", "first_execution_run_id", "activity_id", "signal_name", "request_id",
        "timer_id", "update_id", "query_type", "identity", "parent_workflow_namespace");

    /// <summary>The <c>name</c> field of these messages is an id: task queues, workflow and activity types.</summary>
    private static readonly FrozenSet<string> NamedTypes = FrozenSet.Create(StringComparer.Ordinal,
        "temporal.api.taskqueue.v1.TaskQueue", "temporal.api.common.v1.WorkflowType", "temporal.api.common.v1.ActivityType");

    public static bool IsId(string messageFullName, string fieldName) =>
        Anywhere.Contains(fieldName)
        || (fieldName == "name" && NamedTypes.Contains(messageFullName))
        || (fieldName == "normal_name" && messageFullName == "temporal.api.taskqueue.v1.TaskQueue");

    /// <summary>What is wrong with <paramref name="value"/> as an id, or null.</summary>
    public static string? Problem(string value)
    {
        if (RequestValidator.TooLong(value))
        {
            return $"is longer than {RequestValidator.MaxIdLength} bytes.";
        }
        for (var i = 0; i < value.Length; i++)
        {
            if (char.IsControl(value[i]))
            {
                return $"contains a control character (U+{(int)value[i]:X4}) at position {i}; ids and names must be printable text.";
            }
        }
        return null;
    }
}
