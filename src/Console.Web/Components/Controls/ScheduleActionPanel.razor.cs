using System.Globalization;
using System.Security.Claims;
using Fencepost.ConsoleWeb.Data;
using Fencepost.ConsoleWeb.Schedules;
using Microsoft.AspNetCore.Components;

namespace Fencepost.ConsoleWeb.Components.Controls;

/// <summary>
/// Confirms one pause, unpause, trigger or backfill: nothing is sent until the operator gave a
/// reason (and, for a backfill, a range that parses and does not end before it starts) and pressed
/// the confirm button.
/// </summary>
public sealed partial class ScheduleActionPanel
{
    private static readonly string[] TimeFormats = ["yyyy-MM-dd HH:mm", "yyyy-MM-dd HH:mm:ss", "yyyy-MM-dd'T'HH:mm", "yyyy-MM-dd'T'HH:mm:ss", "yyyy-MM-dd'T'HH:mm:ss'Z'"];

    private string _reason = "";
    private string _start = "";
    private string _end = "";
    private string? _reasonError;
    private string? _startError;
    private string? _endError;
    private string? _problem;
    private bool _busy;

    [Inject]
    public required IScheduleSource Schedules { get; init; }

    [Parameter, EditorRequired]
    public required ScheduleAction Action { get; set; }

    [Parameter, EditorRequired]
    public required ScheduleRef Schedule { get; set; }

    [Parameter, EditorRequired]
    public required ClaimsPrincipal User { get; set; }

    /// <summary>The backfill range starts as the hour before this.</summary>
    [Parameter]
    public DateTimeOffset Now { get; set; }

    /// <summary>Raised with a sentence saying what was done.</summary>
    [Parameter]
    public EventCallback<string> Done { get; set; }

    [Parameter]
    public EventCallback Closed { get; set; }

    private string Identity => "console:" + (User.Identity?.Name ?? "?");

    private string Title => Action switch
    {
        ScheduleAction.Pause => "Pause schedule",
        ScheduleAction.Unpause => "Unpause schedule",
        ScheduleAction.Trigger => "Trigger schedule",
        _ => "Backfill schedule",
    };

    private string Explanation => Action switch
    {
        ScheduleAction.Pause => $"Stops {Schedule.ScheduleId} from taking actions until it is unpaused; actions due meanwhile are not caught up. Running workflows carry on.",
        ScheduleAction.Unpause => $"Lets {Schedule.ScheduleId} take its actions again from now on.",
        ScheduleAction.Trigger => $"Starts {Schedule.ScheduleId}'s workflow now, once, under its overlap policy (even while paused).",
        _ => $"Takes the actions {Schedule.ScheduleId}'s spec gives in the range, as if it had run then, under its overlap policy.",
    };

    private string ReasonLabel => Action is ScheduleAction.Pause or ScheduleAction.Unpause
        ? "Reason (required, kept as the schedule's note and in the audit log)"
        : "Reason (required, kept in the audit log)";

    private string ConfirmLabel => Action switch
    {
        ScheduleAction.Pause => "Pause",
        ScheduleAction.Unpause => "Unpause",
        ScheduleAction.Trigger => "Trigger",
        _ => "Backfill",
    };

    protected override void OnInitialized()
    {
        var now = Now.UtcDateTime;
        var hour = new DateTime(now.Year, now.Month, now.Day, now.Hour, now.Minute, 0, DateTimeKind.Utc);
        _start = hour.AddHours(-1).ToString(TimeFormats[0], CultureInfo.InvariantCulture);
        _end = hour.ToString(TimeFormats[0], CultureInfo.InvariantCulture);
    }

    private async Task ConfirmAsync()
    {
        _problem = null;
        if (!Validate(out var start, out var end))
        {
            return;
        }
        _busy = true;
        try
        {
            var reason = _reason.Trim();
            switch (Action)
            {
                case ScheduleAction.Pause:
                    await Schedules.PauseAsync(User, Schedule, reason);
                    await Done.InvokeAsync($"Paused: {reason}");
                    break;
                case ScheduleAction.Unpause:
                    await Schedules.UnpauseAsync(User, Schedule, reason);
                    await Done.InvokeAsync($"Unpaused: {reason}");
                    break;
                case ScheduleAction.Trigger:
                    await Schedules.TriggerAsync(User, Schedule, reason);
                    await Done.InvokeAsync($"Triggered: {reason}");
                    break;
                default:
                    await Schedules.BackfillAsync(User, Schedule, start, end, reason);
                    await Done.InvokeAsync($"Backfill of {_start.Trim()} to {_end.Trim()} UTC requested: {reason}");
                    break;
            }
        }
        catch (WorkflowActionException ex)
        {
            _problem = ex.Message;
        }
        catch (UnauthorizedAccessException ex)
        {
            _problem = ex.Message;
        }
        finally
        {
            _busy = false;
        }
    }

    private bool Validate(out DateTimeOffset start, out DateTimeOffset end)
    {
        start = end = default;
        _reasonError = string.IsNullOrWhiteSpace(_reason) ? "Say why: the reason is kept in the audit log." : null;
        if (Action != ScheduleAction.Backfill)
        {
            return _reasonError is null;
        }
        _startError = TryParse(_start, out start) ? null : "A UTC time such as 2026-12-01 02:00.";
        _endError = TryParse(_end, out end) ? null : "A UTC time such as 2026-12-01 03:00.";
        if (_startError is null && _endError is null && end < start)
        {
            _endError = "The range ends before it starts.";
        }
        return _reasonError is null && _startError is null && _endError is null;
    }

    private static bool TryParse(string text, out DateTimeOffset time) =>
        DateTimeOffset.TryParseExact(text.Trim(), TimeFormats, CultureInfo.InvariantCulture,
            DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out time);
}
