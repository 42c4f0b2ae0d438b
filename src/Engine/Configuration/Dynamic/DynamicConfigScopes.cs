namespace Fencepost.Engine.Configuration.Dynamic;

/// <summary>
/// The scope names stored with each dynamic-config row and how a scope value is spelled, so the
/// store, the lookups and the console agree on one encoding.
/// </summary>
public static class DynamicConfigScopes
{
    public const string Global = "global";
    public const string Namespace = "namespace";
    public const string TaskQueue = "taskqueue";

    /// <summary>A task queue belongs to a namespace; its scope value names both ("orders/payments").</summary>
    public static string TaskQueueValue(string namespaceName, string taskQueue) => namespaceName + "/" + taskQueue;

    /// <summary>The stored scope name for one flag of <see cref="DynamicConfigScope"/>.</summary>
    public static string NameOf(DynamicConfigScope scope) => scope switch
    {
        DynamicConfigScope.Global => Global,
        DynamicConfigScope.Namespace => Namespace,
        DynamicConfigScope.TaskQueue => TaskQueue,
        _ => throw new ArgumentOutOfRangeException(nameof(scope), scope, "Pass exactly one scope."),
    };

    /// <summary>The flag for a stored scope name, or null when the name is not one of the three.</summary>
    public static DynamicConfigScope? Parse(string name) => name switch
    {
        Global => DynamicConfigScope.Global,
        Namespace => DynamicConfigScope.Namespace,
        TaskQueue => DynamicConfigScope.TaskQueue,
        _ => null,
    };
}
