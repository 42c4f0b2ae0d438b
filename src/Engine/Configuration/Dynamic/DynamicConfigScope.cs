namespace Fencepost.Engine.Configuration.Dynamic;

/// <summary>Where a value may be set; lookups go from the most specific scope to global.</summary>
[Flags]
public enum DynamicConfigScope
{
    Global = 1,
    Namespace = 2,
    TaskQueue = 4,
}
