namespace Fencepost.Engine.History;

internal enum TaskTokenKind : byte
{
    WorkflowTask = 1,
    ActivityTask = 2,
    Query = 3,
}
