using System.Collections;
using System.Collections.Concurrent;
using Fencepost.Engine.Errors;
using Fencepost.Engine.History;
using Google.Protobuf;
using Google.Protobuf.Reflection;
using Google.Protobuf.WellKnownTypes;

namespace Fencepost.Engine.Frontend;

/// <summary>
/// One pass over every request before it is served (or forwarded), through every nested message
/// that can hold an id or a duration, commands and failures included:
/// <list type="bullet">
/// <item>Ids and names (see <see cref="RequestIdFields"/>) must be at most
/// <see cref="RequestValidator.MaxIdLength"/> characters and free of control characters. Temporal
/// limits their length; Fencepost also refuses control characters, because NUL is accepted by the
/// embedded store and refused by PostgreSQL, and both stores must answer alike.</item>
/// <item>Durations are capped at <see cref="DurationLimits.Max"/> in place, as Temporal does, and
/// durations that are not valid protobuf durations (seconds and nanos of different signs, nanos
/// beyond a second) are refused.</item>
/// </list>
/// Failures are INVALID_ARGUMENT naming the field by its path, e.g. <c>Commands[1].StartTimerCommandAttributes.TimerId</c>.
/// </summary>
internal static class RequestNormalizer
{
    private const string DurationType = "google.protobuf.Duration";

    private static readonly ConcurrentDictionary<MessageDescriptor, Plan> Plans = new();

    /// <summary>Validates ids and caps durations of <paramref name="request"/> in place; throws INVALID_ARGUMENT.</summary>
    public static void Normalize(IMessage request)
    {
        try
        {
            Visit(request);
        }
        catch (InvalidFieldException ex)
        {
            throw ServiceErrorException.InvalidArgument($"{ex.Path} {ex.Problem}");
        }
    }

    private static void Visit(IMessage message)
    {
        var plan = PlanFor(message.Descriptor);
        foreach (var field in plan.Ids)
        {
            var value = (string)field.Accessor.GetValue(message);
            if (RequestIdFields.Problem(value) is { } problem)
            {
                throw new InvalidFieldException(FieldName(field), problem);
            }
        }
        foreach (var field in plan.Durations)
        {
            if (field.Accessor.GetValue(message) is Duration duration && DurationProblem(duration) is { } problem)
            {
                throw new InvalidFieldException(FieldName(field), problem);
            }
        }
        foreach (var field in plan.Children)
        {
            VisitField(message, field);
        }
    }

    private static void VisitField(IMessage message, FieldDescriptor field)
    {
        var value = field.Accessor.GetValue(message);
        var index = 0;
        try
        {
            switch (value)
            {
                case IMessage child:
                    Visit(child);
                    break;
                case IDictionary map:
                    foreach (var entry in map.Values)
                    {
                        if (entry is IMessage child)
                        {
                            Visit(child);
                        }
                    }
                    break;
                case IList list:
                    for (index = 0; index < list.Count; index++)
                    {
                        if (list[index] is IMessage child)
                        {
                            Visit(child);
                        }
                    }
                    break;
            }
        }
        catch (InvalidFieldException ex)
        {
            var segment = field.IsRepeated && !field.IsMap ? $"{FieldName(field)}[{index}]" : FieldName(field);
            throw new InvalidFieldException($"{segment}.{ex.Path}", ex.Problem);
        }
    }

    /// <summary>Caps a duration in place; returns what is wrong with one that is not a valid duration.</summary>
    private static string? DurationProblem(Duration duration)
    {
        if ((duration.Seconds > 0 && duration.Nanos < 0) || (duration.Seconds < 0 && duration.Nanos > 0))
        {
            return "is not a valid duration: its seconds and nanos have different signs.";
        }
        if (duration.Nanos is <= -Duration.NanosecondsPerSecond or >= Duration.NanosecondsPerSecond)
        {
            return "is not a valid duration: its nanos are not within one second.";
        }
        if (duration.Seconds >= DurationLimits.MaxSeconds && (duration.Seconds > DurationLimits.MaxSeconds || duration.Nanos > 0))
        {
            duration.Seconds = DurationLimits.MaxSeconds;
            duration.Nanos = 0;
        }
        else if (duration.Seconds <= -DurationLimits.MaxSeconds && (duration.Seconds < -DurationLimits.MaxSeconds || duration.Nanos < 0))
        {
            // Still negative, so the checks that refuse negative durations name the field as before.
            duration.Seconds = -DurationLimits.MaxSeconds;
            duration.Nanos = 0;
        }
        return null;
    }

    /// <summary>The field as Temporal's messages name it (WorkflowId, TaskQueue).</summary>
    private static string FieldName(FieldDescriptor field) => char.ToUpperInvariant(field.JsonName[0]) + field.JsonName[1..];

    private static Plan PlanFor(MessageDescriptor descriptor) => Plans.GetOrAdd(descriptor, static d => Build(d, []));

    private static Plan Build(MessageDescriptor descriptor, HashSet<string> visiting)
    {
        if (Plans.TryGetValue(descriptor, out var known))
        {
            return known;
        }
        visiting.Add(descriptor.FullName);
        List<FieldDescriptor> ids = [];
        List<FieldDescriptor> durations = [];
        List<FieldDescriptor> children = [];
        foreach (var field in descriptor.Fields.InFieldNumberOrder())
        {
            if (field.FieldType == FieldType.String && !field.IsRepeated && RequestIdFields.IsId(descriptor.FullName, field.Name))
            {
                ids.Add(field);
            }
            else if (field.FieldType == FieldType.Message && field.MessageType.FullName == DurationType && !field.IsRepeated)
            {
                durations.Add(field);
            }
            else if (field.FieldType == FieldType.Message && ChildType(field) is { } child
                && (visiting.Contains(child.FullName) || !Build(child, visiting).IsEmpty))
            {
                // A type on the current path (Failure.cause is a Failure) counts as relevant. At worst
                // that walks a field holding nothing to check, so every plan can be cached.
                children.Add(field);
            }
        }
        visiting.Remove(descriptor.FullName);
        return Plans.GetOrAdd(descriptor, new Plan([.. ids], [.. durations], [.. children]));
    }

    /// <summary>The message type held by a field, for maps the type of the values.</summary>
    private static MessageDescriptor? ChildType(FieldDescriptor field)
    {
        if (!field.IsMap)
        {
            return field.MessageType;
        }
        var value = field.MessageType.FindFieldByNumber(2);
        return value.FieldType == FieldType.Message ? value.MessageType : null;
    }

    private sealed record Plan(FieldDescriptor[] Ids, FieldDescriptor[] Durations, FieldDescriptor[] Children)
    {
        public bool IsEmpty => Ids.Length == 0 && Durations.Length == 0 && Children.Length == 0;
    }

    /// <summary>Unwinds the walk, each level adding its field to the path.</summary>
    private sealed class InvalidFieldException(string path, string problem) : Exception(problem)
    {
        public string Path { get; } = path;

        public string Problem { get; } = problem;
    }
}
