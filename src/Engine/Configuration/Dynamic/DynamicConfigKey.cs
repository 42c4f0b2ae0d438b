using System.Text.Json;

namespace Fencepost.Engine.Configuration.Dynamic;

/// <summary>
/// A dynamic-config key as the console shows it: name, type, default, scopes, description and
/// whether a change needs a restart. Values travel as JSON; <see cref="Validate"/> says what is wrong.
/// </summary>
public abstract class DynamicConfigKey
{
    protected DynamicConfigKey(string name, string description, DynamicConfigScope scopes, bool requiresRestart)
    {
        Name = name;
        Description = description;
        Scopes = scopes;
        RequiresRestart = requiresRestart;
    }

    public string Name { get; }
    public string Description { get; }
    public DynamicConfigScope Scopes { get; }
    public bool RequiresRestart { get; }

    /// <summary>A short type name for people: "int", "bool", "duration", "double", "string".</summary>
    public abstract string TypeName { get; }

    public abstract string DefaultJson { get; }

    /// <summary>Null when <paramref name="json"/> is a valid value of this key; else a message a person can act on.</summary>
    public abstract string? Validate(string json);

    public override string ToString() => Name;
}

/// <summary>A typed key. Durations are written as TimeSpan strings ("00:00:05").</summary>
public sealed class DynamicConfigKey<T> : DynamicConfigKey
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    private readonly Func<T, string?> _validator;

    public DynamicConfigKey(string name, T defaultValue, string description, Func<T, string?>? validator = null,
        DynamicConfigScope scopes = DynamicConfigScope.Global, bool requiresRestart = false)
        : base(name, description, scopes, requiresRestart)
    {
        Default = defaultValue;
        _validator = validator ?? (_ => null);
        if (_validator(defaultValue) is { } problem)
        {
            throw new ArgumentException($"Default of '{name}' is invalid: {problem}", nameof(defaultValue));
        }
    }

    public T Default { get; }

    public override string TypeName => typeof(T) switch
    {
        var t when t == typeof(int) || t == typeof(long) => "int",
        var t when t == typeof(bool) => "bool",
        var t when t == typeof(double) => "double",
        var t when t == typeof(TimeSpan) => "duration",
        var t when t == typeof(string) => "string",
        var t => t.Name,
    };

    public override string DefaultJson => Serialize(Default);

    public string Serialize(T value) => JsonSerializer.Serialize(value, Json);

    /// <summary>Parses a stored JSON value; throws <see cref="FormatException"/> with a clear message when it is not one.</summary>
    public T Parse(string json)
    {
        T? value;
        try
        {
            value = JsonSerializer.Deserialize<T>(json, Json);
        }
        catch (JsonException ex)
        {
            throw new FormatException($"'{Name}' expects a {TypeName} value, got {json}.", ex);
        }
        if (value is null)
        {
            throw new FormatException($"'{Name}' expects a {TypeName} value, got null.");
        }
        return value;
    }

    public override string? Validate(string json)
    {
        try
        {
            return _validator(Parse(json));
        }
        catch (FormatException ex)
        {
            return ex.Message;
        }
    }
}
