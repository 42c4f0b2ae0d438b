namespace Fencepost.Engine.Persistence.Visibility;

/// <summary>The type of value a visibility field holds, which decides the operators it supports.</summary>
internal enum VisibilityValueKind
{
    Text,
    Status,
    Time,
}
