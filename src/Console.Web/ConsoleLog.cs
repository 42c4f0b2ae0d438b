namespace Fencepost.ConsoleWeb;

internal static partial class ConsoleLog
{
    [LoggerMessage(EventId = 5000, Level = LogLevel.Warning,
        Message = "No console admin is configured. Sign in as '{Name}' with the generated password {Password} (shown once; set Fencepost:Console:AdminPassword or configure users to choose your own)")]
    public static partial void FirstRunAdminGenerated(ILogger logger, string name, string password);

    [LoggerMessage(EventId = 5001, Level = LogLevel.Information, Message = "No console admin is configured; '{Name}' signs in with Fencepost:Console:AdminPassword")]
    public static partial void FirstRunAdminConfigured(ILogger logger, string name);

    [LoggerMessage(EventId = 5014, Level = LogLevel.Information,
        Message = "No console admin is configured; '{Name}' keeps the password generated and shown at the cluster's first start (set Fencepost:Console:AdminPassword or configure users to replace it)")]
    public static partial void FirstRunAdminKept(ILogger logger, string name);

    [LoggerMessage(EventId = 5002, Level = LogLevel.Information, Message = "{User} signed in from {Address}")]
    public static partial void SignedIn(ILogger logger, string user, string address);

    [LoggerMessage(EventId = 5003, Level = LogLevel.Warning, Message = "Failed sign-in for {User} from {Address}")]
    public static partial void SignInFailed(ILogger logger, string user, string address);

    [LoggerMessage(EventId = 5004, Level = LogLevel.Warning, Message = "Sign-in for {User} from {Address} refused: too many failures")]
    public static partial void SignInThrottled(ILogger logger, string user, string address);

    [LoggerMessage(EventId = 5005, Level = LogLevel.Warning, Message = "A live page subscriber failed")]
    public static partial void SubscriberFailed(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 5006, Level = LogLevel.Warning, Message = "Reading {Source} failed")]
    public static partial void SourceReadFailed(ILogger logger, string source, Exception exception);

    [LoggerMessage(EventId = 5007, Level = LogLevel.Warning, Message = "Connection to peer {Peer} failed; the periodic poll covers its changes meanwhile")]
    public static partial void PeerConnectFailed(ILogger logger, string peer, Exception exception);

    [LoggerMessage(EventId = 5008, Level = LogLevel.Information, Message = "Read-only mode switched {State} by {User}")]
    public static partial void ReadOnlySwitched(ILogger logger, string state, string user);

    [LoggerMessage(EventId = 5009, Level = LogLevel.Warning, Message = "Pushing the change of {Key} to peers failed; their periodic poll will pick it up")]
    public static partial void PeerPushFailed(ILogger logger, string key, Exception exception);

    [LoggerMessage(EventId = 5010, Level = LogLevel.Warning, Message = "Re-reading dynamic config after a peer's push failed; the periodic poll will retry")]
    public static partial void PeerRefreshFailed(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 5011, Level = LogLevel.Information, Message = "{User} sent update {Update} to workflow {WorkflowId} run {RunId} because: {Reason}. {Outcome}")]
    public static partial void WorkflowUpdateSent(ILogger logger, string user, string update, string workflowId, string runId, string reason, string outcome);

    [LoggerMessage(EventId = 5012, Level = LogLevel.Information, Message = "{User} deleted workflow {WorkflowId} run {RunId} in namespace {Namespace} because: {Reason}")]
    public static partial void WorkflowDeleted(ILogger logger, string user, string @namespace, string workflowId, string runId, string reason);
    [LoggerMessage(EventId = 5013, Level = LogLevel.Information, Message = "Audit: {User} reset workflow {WorkflowId} run {RunId} to event {EventId}, new run {NewRunId}, because: {Reason}")]
    public static partial void WorkflowReset(ILogger logger, string user, string workflowId, string runId, long eventId, string newRunId, string reason);
}
