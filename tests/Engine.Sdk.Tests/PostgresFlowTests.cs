namespace Fencepost.Engine.Sdk.Tests;

/// <summary>The basic flows again, on PostgreSQL.</summary>
public class PostgresWorkflowFlowTests(PostgresEngineFixture engine) : WorkflowFlowTests(engine), IClassFixture<PostgresEngineFixture>;

/// <summary>The lifecycle flows again, on PostgreSQL.</summary>
public class PostgresLifecycleFlowTests(PostgresEngineFixture engine) : LifecycleFlowTests(engine), IClassFixture<PostgresEngineFixture>;

/// <summary>The activity and workflow task flows again, on PostgreSQL.</summary>
public class PostgresActivityFlowTests(PostgresEngineFixture engine) : ActivityFlowTests(engine), IClassFixture<PostgresEngineFixture>;

/// <summary>Workflow retries and root executions again, on PostgreSQL.</summary>
public class PostgresWorkflowRetryTests(PostgresEngineFixture engine) : WorkflowRetryTests(engine), IClassFixture<PostgresEngineFixture>;

/// <summary>GetClusterInfo on PostgreSQL names that store.</summary>
public class PostgresClusterInfoTests(PostgresEngineFixture engine) : ClusterInfoTests(engine), IClassFixture<PostgresEngineFixture>
{
    protected override string ExpectedStore => "postgres";
}

/// <summary>Cron workflows again, on PostgreSQL.</summary>
public class PostgresCronScheduleTests(PostgresEngineFixture engine) : CronScheduleTests(engine), IClassFixture<PostgresEngineFixture>;

/// <summary>The hot path again, on PostgreSQL, where a commit's dispatch and the creator's continuation really race.</summary>
public class PostgresHotPathTests(PostgresEngineFixture engine) : HotPathTests(engine), IClassFixture<PostgresEngineFixture>;

/// <summary>Refused and capped requests again, on PostgreSQL: the same answers as the embedded store.</summary>
public class PostgresRequestErrorTests(PostgresEngineFixture engine) : RequestErrorTests(engine), IClassFixture<PostgresEngineFixture>;

/// <summary>The payload limit again, on PostgreSQL: the same limit and the same answers.</summary>
public class PostgresPayloadLimitTests(PostgresEngineFixture engine) : PayloadLimitTests(engine), IClassFixture<PostgresEngineFixture>;

/// <summary>The cases the TypeScript suite added, with the .NET SDK, on PostgreSQL.</summary>
public class PostgresParityFlowTests(PostgresEngineFixture engine) : Parity.ParityFlowTests(engine), IClassFixture<PostgresEngineFixture>;

/// <summary>Poll completion on worker shutdown, on PostgreSQL.</summary>
public class PostgresWorkerShutdownTests(PostgresEngineFixture engine) : WorkerShutdownTests(engine), IClassFixture<PostgresEngineFixture>;

/// <summary>Custom search attributes again, on PostgreSQL, where filters run as SQL over executions_search_attributes.</summary>
public class PostgresSearchAttributeTests(PostgresEngineFixture engine) : SearchAttributeTests(engine), IClassFixture<PostgresEngineFixture>;
/// <summary>Workflow Update and update-with-start again, on PostgreSQL.</summary>
public class PostgresUpdateFlowTests(PostgresEngineFixture engine) : Updates.UpdateFlowTests(engine), IClassFixture<PostgresEngineFixture>;
/// <summary>Schedules through the SDK again, on PostgreSQL.</summary>
public class PostgresScheduleLifecycleTests(PostgresEngineFixture engine) : Schedules.ScheduleLifecycleTests(engine), IClassFixture<PostgresEngineFixture>;

/// <summary>Every overlap policy again, on PostgreSQL.</summary>
public class PostgresScheduleOverlapTests(PostgresEngineFixture engine) : Schedules.ScheduleOverlapTests(engine), IClassFixture<PostgresEngineFixture>;
/// <summary>Run size limits again, on PostgreSQL: the same limits and the same answers.</summary>
public class PostgresRunLimitTests(PostgresEngineFixture engine) : RunLimitTests(engine), IClassFixture<PostgresEngineFixture>;

/// <summary>ResetWorkflowExecution again, on PostgreSQL: the terminate and the new run in one fenced write.</summary>
public class PostgresResetTests(PostgresEngineFixture engine) : ResetTests(engine), IClassFixture<PostgresEngineFixture>;

/// <summary>The stuck-workflow verdicts again, on PostgreSQL, where the diagnosis reads stored rows over SQL.</summary>
public class PostgresWorkflowDiagnosisTests(PostgresEngineFixture engine) : WorkflowDiagnosisTests(engine), IClassFixture<PostgresEngineFixture>;

/// <summary>DeleteWorkflowExecution again, on PostgreSQL.</summary>
public class PostgresDeleteWorkflowTests(PostgresEngineFixture engine) : Retention.DeleteWorkflowTests(engine), IClassFixture<PostgresEngineFixture>;
