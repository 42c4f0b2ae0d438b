namespace Fencepost.Engine.Introspection;

/// <summary>
/// Why a run is (not) making progress, read from its stored state, its outstanding shard tasks,
/// its task queues' pollers and its shard's owner at <see cref="At"/>: one verdict in plain words,
/// and the facts behind it.
/// </summary>
public sealed record WorkflowDiagnosis(
    string Namespace,
    string WorkflowId,
    string RunId,
    string Status,
    WorkflowDiagnosisKind Kind,
    string Verdict,
    IReadOnlyList<string> Findings,
    DateTimeOffset At);
