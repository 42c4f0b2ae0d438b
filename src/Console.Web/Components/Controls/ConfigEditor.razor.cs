using System.Security.Claims;
using Fencepost.ConsoleWeb.Data;
using Fencepost.Engine.Configuration.Dynamic;
using Fencepost.Engine.Persistence.Errors;
using Fencepost.Engine.Persistence.Model;
using Microsoft.AspNetCore.Components;

namespace Fencepost.ConsoleWeb.Components.Controls;

/// <summary>
/// Edits one key at one scope. The version seen when the scope was chosen is the change's
/// compare-and-set condition, so a concurrent change is refused rather than overwritten.
/// </summary>
public sealed partial class ConfigEditor
{
    private string _scope = DynamicConfigScopes.Global;
    private string _scopeValue = "";
    private string _valueText = "";
    private string _reason = "";
    private string? _valueError;
    private string? _reasonError;
    private string? _problem;
    private bool _busy;
    private DynamicConfigEntry? _current;

    [Inject]
    public required DynamicConfigService Service { get; init; }

    [Parameter, EditorRequired]
    public required DynamicConfigRow Row { get; set; }

    [Parameter, EditorRequired]
    public required ClaimsPrincipal User { get; set; }

    /// <summary>Raised after a change was stored.</summary>
    [Parameter]
    public EventCallback Saved { get; set; }

    [Parameter]
    public EventCallback Closed { get; set; }

    private IEnumerable<string> AllowedScopes =>
        new[] { DynamicConfigScope.Global, DynamicConfigScope.Namespace, DynamicConfigScope.TaskQueue }
            .Where(s => Row.Key.Scopes.HasFlag(s))
            .Select(DynamicConfigScopes.NameOf);

    private string CurrentEffective => DynamicConfigValueText.FromJson(Row.Key, Row.EffectiveGlobalJson) + (Row.IsDefault ? " (default)" : " (global)");

    private string ValueHelp => Row.Key.TypeName switch
    {
        "duration" => "hh:mm:ss, e.g. 00:00:05",
        "bool" => "true or false",
        "int" => "a whole number",
        "double" => "a number",
        _ => $"default {DynamicConfigValueText.FromJson(Row.Key, Row.Key.DefaultJson)}",
    };

    protected override void OnInitialized()
    {
        _scope = AllowedScopes.First();
        LoadCurrent();
        _valueText = DynamicConfigValueText.FromJson(Row.Key, _current?.ValueJson ?? Row.EffectiveGlobalJson);
    }

    private static string ScopeLabel(string scope) => scope switch
    {
        DynamicConfigScopes.Namespace => "Namespace",
        DynamicConfigScopes.TaskQueue => "Task queue",
        _ => "Global",
    };

    private void OnScopeChanged(string scope)
    {
        _scope = scope;
        _scopeValue = "";
        LoadCurrent();
    }

    private void OnScopeValueChanged(string value)
    {
        _scopeValue = value?.Trim() ?? "";
        LoadCurrent();
    }

    private void LoadCurrent() =>
        _current = _scope == DynamicConfigScopes.Global || _scopeValue.Length > 0
            ? Service.Config.Find(Row.Key.Name, _scope, _scope == DynamicConfigScopes.Global ? "" : _scopeValue)
            : null;

    private Task SaveAsync()
    {
        var json = DynamicConfigValueText.ToJson(Row.Key, _valueText);
        _valueError = Row.Key.Validate(json);
        return _valueError is null ? SubmitAsync(json) : Task.CompletedTask;
    }

    private Task RemoveAsync()
    {
        _valueError = null;
        return SubmitAsync(null);
    }

    private async Task SubmitAsync(string? json)
    {
        _problem = null;
        _reasonError = string.IsNullOrWhiteSpace(_reason) ? "Say why: every change needs a reason." : null;
        if (_reasonError is not null)
        {
            return;
        }
        _busy = true;
        try
        {
            await Service.ChangeAsync(User, Row.Key.Name, _scope, _scope == DynamicConfigScopes.Global ? "" : _scopeValue, json,
                _current?.Version ?? 0, _reason);
            await Saved.InvokeAsync();
        }
        catch (DynamicConfigChangeRejectedException ex)
        {
            _problem = ex.Message;
        }
        catch (UnauthorizedAccessException ex)
        {
            _problem = ex.Message;
        }
        catch (ConditionFailedException)
        {
            await Service.Config.RefreshAsync();
            LoadCurrent();
            _problem = "Someone changed this value while you were editing. The current value is shown above; review it and save again.";
        }
        catch (EntityNotFoundException)
        {
            await Service.Config.RefreshAsync();
            LoadCurrent();
            _problem = "This value was removed meanwhile; review and save again.";
        }
        finally
        {
            _busy = false;
        }
    }

    private Task OnClosed() => Closed.InvokeAsync();
}
