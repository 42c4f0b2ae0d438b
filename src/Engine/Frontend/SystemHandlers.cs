using Fencepost.Engine.Configuration.Dynamic;
using Fencepost.Engine.Errors;
using Fencepost.Engine.History;
using Fencepost.Engine.Namespaces;
using Fencepost.Engine.Persistence.Errors;
using Fencepost.Engine.Persistence.Stores;
using Google.Protobuf.WellKnownTypes;
using Google.Protobuf;
using Grpc.Core;
using Temporalio.Api.Enums.V1;
using Temporalio.Api.ErrorDetails.V1;
using Temporalio.Api.Namespace.V1;
using Temporalio.Api.Replication.V1;
using Temporalio.Api.WorkflowService.V1;

namespace Fencepost.Engine.Frontend;

/// <summary>GetSystemInfo, GetClusterInfo and the namespace RPCs.</summary>
internal sealed class SystemHandlers(NamespaceRegistry namespaces, IPersistenceStore store, IDynamicConfig config) : IWorkflowServiceHandlerSource
{
    public const string ServerVersion = "fencepost-0.1.0";
    public const string ClusterName = "active";

    public void Register(HandlerRegistrar registrar)
    {
        registrar.Add<GetSystemInfoRequest, GetSystemInfoResponse>("GetSystemInfo", (_, _) => Task.FromResult(GetSystemInfo()));
        registrar.Add<GetClusterInfoRequest, GetClusterInfoResponse>("GetClusterInfo", GetClusterInfoAsync);
        registrar.Add<RegisterNamespaceRequest, RegisterNamespaceResponse>("RegisterNamespace", RegisterNamespaceAsync);
        registrar.Add<DescribeNamespaceRequest, DescribeNamespaceResponse>("DescribeNamespace", DescribeNamespaceAsync);
        registrar.Add<ListNamespacesRequest, ListNamespacesResponse>("ListNamespaces", ListNamespacesAsync);
        registrar.Add<UpdateNamespaceRequest, UpdateNamespaceResponse>("UpdateNamespace", UpdateNamespaceAsync);
    }

    /// <summary>
    /// Only what the engine really does is claimed; CapabilityTests pins each flag to what is
    /// served. InternalErrorDifferentiation stays false: it would stop clients retrying INTERNAL,
    /// and false (retry everything) is always safe.
    /// </summary>
    public static GetSystemInfoResponse GetSystemInfo() => new()
    {
        ServerVersion = ServerVersion,
        Capabilities = new GetSystemInfoResponse.Types.Capabilities
        {
            SignalAndQueryHeader = true,
            InternalErrorDifferentiation = false,
            ActivityFailureIncludeHeartbeat = true,
            SupportsSchedules = true,
            EncodedFailureAttributes = true,
            BuildIdBasedVersioning = false,
            UpsertMemo = true,
            EagerWorkflowStart = true,
            SdkMetadata = true,
            CountGroupByExecutionStatus = false,
            Nexus = false,
        },
    };

    /// <summary>
    /// What the engine does for every namespace, sent with each description (so namespaces stored
    /// before a capability existed report it too). Only what the engine really does is claimed.
    /// </summary>
    public static NamespaceInfo.Types.Capabilities NamespaceCapabilities(bool eagerWorkflowStart = true) => new()
    {
        // StartWorkflowExecution hands the first task back when asked (system.enableEagerWorkflowStart).
        EagerWorkflowStart = eagerWorkflowStart,
        // ShutdownWorker ends the worker's open polls empty (WorkerPollShutdowns).
        WorkerPollCompleteOnShutdown = true,
        // UpdateWorkflowExecution waits for any stage; PollWorkflowExecutionUpdate fetches an outcome later.
        SyncUpdate = true,
        AsyncUpdate = true,
    };

    private DescribeNamespaceResponse WithEngineCapabilities(DescribeNamespaceResponse stored)
    {
        var described = stored.Clone();
        described.NamespaceInfo.Capabilities = NamespaceCapabilities(config.Get(HistoryConfigKeys.EnableEagerWorkflowStart, stored.NamespaceInfo.Name));
        // What the engine serves, not what was stored when the namespace was registered.
        described.NamespaceInfo.SupportsSchedules = true;
        return described;
    }

    private async Task<GetClusterInfoResponse> GetClusterInfoAsync(GetClusterInfoRequest request, ServerCallContext context)
    {
        var metadata = await store.Cluster.GetClusterMetadataAsync(context.CancellationToken).ConfigureAwait(false)
            ?? throw ServiceErrorException.Unavailable("The cluster metadata is not initialized yet; retry once the engine has started.");
        return ClusterInfo.Build(metadata, store.Kind);
    }

    /// <summary>The description stored for a new namespace.</summary>
    public static DescribeNamespaceResponse NewNamespace(string name, Guid id, string description, string ownerEmail, Duration? retention)
    {
        return new DescribeNamespaceResponse
        {
            NamespaceInfo = new NamespaceInfo
            {
                Name = name,
                Id = id.ToString(),
                State = NamespaceState.Registered,
                Description = description,
                OwnerEmail = ownerEmail,
                Capabilities = NamespaceCapabilities(),
                SupportsSchedules = true,
            },
            Config = new NamespaceConfig
            {
                WorkflowExecutionRetentionTtl = retention is { } r && r.ToTimeSpan() > TimeSpan.Zero ? r : Duration.FromTimeSpan(NamespaceRetention.Default),
                HistoryArchivalState = ArchivalState.Disabled,
                VisibilityArchivalState = ArchivalState.Disabled,
            },
            ReplicationConfig = new NamespaceReplicationConfig
            {
                ActiveClusterName = ClusterName,
                Clusters = { new ClusterReplicationConfig { ClusterName = ClusterName } },
                State = ReplicationState.Normal,
            },
            IsGlobalNamespace = false,
        };
    }

    private async Task<RegisterNamespaceResponse> RegisterNamespaceAsync(RegisterNamespaceRequest request, ServerCallContext context)
    {
        if (string.IsNullOrWhiteSpace(request.Namespace))
        {
            throw ServiceErrorException.InvalidArgument("Namespace is not set on request.");
        }
        if (request.Namespace.Length > 255)
        {
            throw ServiceErrorException.InvalidArgument("Namespace name is longer than 255 characters.");
        }
        // Unset (or zero) means the default, as in Temporal.
        if (request.WorkflowExecutionRetentionPeriod is { } retention && retention.ToTimeSpan() != TimeSpan.Zero)
        {
            NamespaceRetention.Validate(retention, "WorkflowExecutionRetentionPeriod", config);
        }
        var description = NewNamespace(request.Namespace, Guid.NewGuid(), request.Description, request.OwnerEmail, request.WorkflowExecutionRetentionPeriod);
        description.NamespaceInfo.Data.Add(request.Data);
        try
        {
            await namespaces.CreateAsync(description, context.CancellationToken).ConfigureAwait(false);
        }
        catch (EntityAlreadyExistsException)
        {
            throw new ServiceErrorException(StatusCode.AlreadyExists, $"Namespace {request.Namespace} already exists.", new NamespaceAlreadyExistsFailure());
        }
        return new RegisterNamespaceResponse();
    }

    private async Task<DescribeNamespaceResponse> DescribeNamespaceAsync(DescribeNamespaceRequest request, ServerCallContext context)
    {
        NamespaceEntry entry;
        if (!string.IsNullOrEmpty(request.Id))
        {
            if (!Guid.TryParse(request.Id, out var id))
            {
                throw ServiceErrorException.InvalidArgument($"Namespace id '{ErrorText.Echo(request.Id)}' is not a valid UUID.");
            }
            entry = await namespaces.FindByIdAsync(id, context.CancellationToken).ConfigureAwait(false)
                ?? throw ServiceErrorException.NamespaceNotFound(request.Id);
        }
        else
        {
            entry = await namespaces.GetAsync(request.Namespace, context.CancellationToken).ConfigureAwait(false);
        }
        return WithEngineCapabilities(entry.Description);
    }

    private async Task<ListNamespacesResponse> ListNamespacesAsync(ListNamespacesRequest request, ServerCallContext context)
    {
        var pageSize = request.PageSize <= 0 ? 100 : Math.Min(request.PageSize, 1000);
        var page = await namespaces.ListAsync(pageSize, request.NextPageToken.IsEmpty ? null : request.NextPageToken.ToByteArray(), context.CancellationToken).ConfigureAwait(false);
        var response = new ListNamespacesResponse
        {
            NextPageToken = page.NextPageToken is null ? ByteString.Empty : ByteString.CopyFrom(page.NextPageToken),
        };
        response.Namespaces.AddRange(page.Items.Select(e => WithEngineCapabilities(e.Description)));
        return response;
    }

    private async Task<UpdateNamespaceResponse> UpdateNamespaceAsync(UpdateNamespaceRequest request, ServerCallContext context)
    {
        var current = await namespaces.GetAsync(request.Namespace, context.CancellationToken).ConfigureAwait(false);
        var updated = current.Description.Clone();
        if (request.UpdateInfo is { } info)
        {
            if (!string.IsNullOrEmpty(info.Description)) updated.NamespaceInfo.Description = info.Description;
            if (!string.IsNullOrEmpty(info.OwnerEmail)) updated.NamespaceInfo.OwnerEmail = info.OwnerEmail;
            foreach (var (key, value) in info.Data) updated.NamespaceInfo.Data[key] = value;
        }
        if (request.Config?.WorkflowExecutionRetentionTtl is { } retention)
        {
            NamespaceRetention.Validate(retention, "WorkflowExecutionRetentionTtl", config);
            updated.Config.WorkflowExecutionRetentionTtl = retention;
        }
        NamespaceEntry saved;
        try
        {
            saved = await namespaces.UpdateAsync(current, updated, context.CancellationToken).ConfigureAwait(false);
        }
        catch (ConditionFailedException)
        {
            namespaces.Forget(request.Namespace);
            throw ServiceErrorException.Unavailable($"Namespace {request.Namespace} changed concurrently; retry.");
        }
        var described = WithEngineCapabilities(saved.Description);
        return new UpdateNamespaceResponse
        {
            NamespaceInfo = described.NamespaceInfo,
            Config = described.Config,
            ReplicationConfig = described.ReplicationConfig,
            IsGlobalNamespace = false,
        };
    }
}
