using Google.Protobuf;
using Temporalio.Api.Command.V1;
using Temporalio.Api.Enums.V1;
using Temporalio.Api.Protocol.V1;
using Temporalio.Api.Update.V1;

namespace Fencepost.Engine.History.Updates;

/// <summary>
/// The protocol messages of one workflow task completion: Acceptance, Rejection and Response of
/// updates. A message named by a ProtocolMessage command is applied where that command stands,
/// so its event lands in command order; the rest (rejections, which write nothing) are applied
/// after every command, in the order they came. An invalid message fails the workflow task with
/// BAD_UPDATE_WORKFLOW_EXECUTION_MESSAGE, as Temporal does.
/// </summary>
internal sealed class WorkflowTaskMessages
{
    private readonly WorkflowMutation _mutation;
    private readonly List<Message> _inOrder;
    private readonly Dictionary<string, Message> _unapplied = new(StringComparer.Ordinal);
    private readonly HashSet<string> _answered = new(StringComparer.Ordinal);

    public WorkflowTaskMessages(WorkflowMutation mutation, IReadOnlyList<Message> messages)
    {
        _mutation = mutation;
        _inOrder = [.. messages];
        foreach (var message in messages)
        {
            if (string.IsNullOrEmpty(message.Id) || !_unapplied.TryAdd(message.Id, message))
            {
                throw BadMessage($"Protocol message ids must be present and unique; '{message.Id}' is not.");
            }
        }
    }

    /// <summary>The ids of the updates this completion answered.</summary>
    public IReadOnlySet<string> Answered => _answered;

    /// <summary>Applies the message a ProtocolMessage command names, at the command's place.</summary>
    public void OnCommand(ProtocolMessageCommandAttributes attributes)
    {
        if (!_unapplied.Remove(attributes.MessageId, out var message))
        {
            throw BadMessage($"ProtocolMessageCommand referenced absent message ID {attributes.MessageId}.");
        }
        Apply(message);
    }

    /// <summary>Applies the messages no command named, in the order the worker sent them.</summary>
    public void ApplyRemaining()
    {
        foreach (var message in _inOrder)
        {
            if (_unapplied.Remove(message.Id))
            {
                Apply(message);
            }
        }
    }

    private void Apply(Message message)
    {
        var updateId = message.ProtocolInstanceId;
        if (string.IsNullOrEmpty(updateId))
        {
            throw BadMessage($"Protocol message {message.Id} has no protocol_instance_id (the update id).");
        }
        if (message.Body is not { } body)
        {
            throw BadMessage($"Protocol message {message.Id} has no body.");
        }
        if (PayloadLimits.Problem(body, $"Protocol message {message.Id}") is { } tooLarge)
        {
            // Replaying produces the same message, so the task could never succeed: as Temporal, terminate.
            throw new CommandValidationException(WorkflowTaskFailedCause.BadUpdateWorkflowExecutionMessage, tooLarge, terminatesWorkflow: true);
        }
        if (body.Is(Rejection.Descriptor))
        {
            _answered.Add(updateId);
            _mutation.RejectUpdate(updateId, Unpack<Rejection>(message));
            return;
        }
        var acceptance = body.Is(Acceptance.Descriptor);
        if (!acceptance && !body.Is(Response.Descriptor))
        {
            throw BadMessage($"Protocol message {message.Id} carries {body.TypeUrl}, which is not an update Acceptance, Rejection or Response.");
        }
        _answered.Add(updateId);
        if (!_mutation.State.IsRunning)
        {
            // The workflow closed earlier in this task: it can record nothing more. The update's
            // callers learn it failed because the workflow completed first.
            return;
        }
        if (acceptance)
        {
            _mutation.AcceptUpdate(updateId, Unpack<Acceptance>(message));
        }
        else
        {
            _mutation.CompleteUpdate(updateId, Unpack<Response>(message));
        }
    }

    private static T Unpack<T>(Message message)
        where T : IMessage<T>, new()
    {
        try
        {
            return message.Body.Unpack<T>();
        }
        catch (InvalidProtocolBufferException ex)
        {
            throw BadMessage($"Protocol message {message.Id} cannot be read: {ex.Message}");
        }
    }

    private static CommandValidationException BadMessage(string message) =>
        new(WorkflowTaskFailedCause.BadUpdateWorkflowExecutionMessage, message);
}
