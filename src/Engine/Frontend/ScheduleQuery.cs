using Fencepost.Engine.Errors;
using Fencepost.Engine.History.Schedules;
using Fencepost.Engine.Persistence.Visibility;

namespace Fencepost.Engine.Frontend;

/// <summary>
/// A ListSchedules / CountSchedules query: the visibility query language over <c>ScheduleId</c>
/// (=, !=, IN, STARTS_WITH, with AND, OR, NOT and parentheses), turned into a filter on the
/// schedules' internal workflow ids.
/// </summary>
internal static class ScheduleQuery
{
    private const string ScheduleIdField = "ScheduleId";

    public static VisibilityFilter? Parse(string? query)
    {
        if (string.IsNullOrWhiteSpace(query))
        {
            return null;
        }
        VisibilityQuery parsed;
        try
        {
            var text = query.ToCharArray();
            foreach (var token in VisibilityQueryTokenizer.Tokenize(query))
            {
                if (token.Kind is VisibilityQueryTokenKind.Word or VisibilityQueryTokenKind.QuotedName
                    && string.Equals(token.Text, nameof(VisibilityField.WorkflowId), StringComparison.OrdinalIgnoreCase))
                {
                    throw Unsupported(token.Text);
                }
                if (token.Kind == VisibilityQueryTokenKind.Word && string.Equals(token.Text, ScheduleIdField, StringComparison.OrdinalIgnoreCase))
                {
                    // Same length, so every other position in the query stays where it was.
                    nameof(VisibilityField.WorkflowId).CopyTo(0, text, token.Position, ScheduleIdField.Length);
                }
            }
            parsed = VisibilityQueryParser.Parse(new string(text));
        }
        catch (VisibilityQueryException ex)
        {
            throw ServiceErrorException.InvalidArgument(ex.Message.Replace(nameof(VisibilityField.WorkflowId), ScheduleIdField, StringComparison.Ordinal));
        }
        return parsed.Filter is null ? null : Map(parsed.Filter);
    }

    private static VisibilityFilter Map(VisibilityFilter filter) => filter switch
    {
        VisibilityFilter.And and => new VisibilityFilter.And([.. and.Operands.Select(Map)]),
        VisibilityFilter.Or or => new VisibilityFilter.Or([.. or.Operands.Select(Map)]),
        VisibilityFilter.Not not => new VisibilityFilter.Not(Map(not.Inner)),
        VisibilityFilter.Compare { Field: VisibilityField.WorkflowId, Value: string value } compare => compare with { Value = SchedulerNames.WorkflowIdOf(value) },
        VisibilityFilter.In { Field: VisibilityField.WorkflowId } @in => @in with { Values = [.. @in.Values.Select(v => (object)SchedulerNames.WorkflowIdOf((string)v))] },
        VisibilityFilter.StartsWith { Field: VisibilityField.WorkflowId } prefix => prefix with { Prefix = SchedulerNames.WorkflowIdOf(prefix.Prefix) },
        VisibilityFilter.Compare compare => throw Unsupported(compare.Field.ToString()),
        VisibilityFilter.In @in => throw Unsupported(@in.Field.ToString()),
        VisibilityFilter.StartsWith prefix => throw Unsupported(prefix.Field.ToString()),
        _ => throw Unsupported(filter.GetType().Name),
    };

    private static ServiceErrorException Unsupported(string field) =>
        ServiceErrorException.InvalidArgument($"Schedule queries filter on ScheduleId only (=, !=, IN, STARTS_WITH with AND, OR, NOT); '{ErrorText.Echo(field)}' is not supported.");
}
