using Temporalio.Client;
using Temporalio.Worker;

namespace Fencepost.Benchmarks.Driver;

/// <summary>
/// One kind of benchmark workflow: what the in-process worker must host, and how the driver runs
/// one instance from start to its successful result. Any exception (including a workflow that
/// fails or times out) counts the instance as failed.
/// </summary>
public interface IBenchmarkScenario
{
    /// <summary>The name given on the command line (<c>--scenario</c>).</summary>
    string Name { get; }

    /// <summary>One line for the usage text.</summary>
    string Description { get; }

    /// <summary>Registers the scenario's workflows and activities on the worker.</summary>
    void Register(TemporalWorkerOptions worker);

    /// <summary>
    /// Starts one workflow with <paramref name="start"/> (its id, task queue, cancellation and whether
    /// it asks for eager start are the driver's) and waits for its result. <paramref name="onStarted"/>
    /// is called once the server accepted the start, so the driver can tell start latency from
    /// completion latency.
    /// </summary>
    Task ExecuteAsync(ITemporalClient client, WorkflowOptions start, Action onStarted);
}
