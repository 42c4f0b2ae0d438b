namespace Fencepost.Engine.Frontend;

/// <summary>A group of WorkflowService methods served together (namespaces, workflows, tasks, ...).</summary>
internal interface IWorkflowServiceHandlerSource
{
    void Register(HandlerRegistrar registrar);
}
