using Fencepost.Engine.Cluster.Routing;
using Fencepost.Engine.Cluster.Rpc;
using Fencepost.Engine.Errors;
using Grpc.Core;
using Grpc.Core.Interceptors;
using Microsoft.Extensions.Options;

namespace Fencepost.Engine.Security;

/// <summary>
/// Every gRPC call passes here first. Calls between nodes (the internal ClusterRpc service, and
/// frontend calls a peer forwarded) must carry a valid node credential whenever a node secret is
/// configured; with auth enabled, every other call needs a caller whose permissions cover the
/// method in the request's namespace (<see cref="MethodAccess"/>): no credentials is
/// UNAUTHENTICATED, too few PERMISSION_DENIED. The console's own writes are refused while it is
/// read-only.
/// </summary>
internal sealed class FrontendAuthorizationInterceptor(
    IOptionsMonitor<FrontendAuthOptions> options,
    CallerAuthenticator authenticator,
    IConsoleWriteGate consoleWrites,
    TimeProvider timeProvider) : Interceptor
{
    public const string CallerKey = "fencepost.caller";

    public override async Task<TResponse> UnaryServerHandler<TRequest, TResponse>(TRequest request, ServerCallContext context, UnaryServerMethod<TRequest, TResponse> continuation)
    {
        await AuthorizeAsync(context, request).ConfigureAwait(false);
        return await continuation(request, context).ConfigureAwait(false);
    }

    public override async Task ServerStreamingServerHandler<TRequest, TResponse>(TRequest request, IServerStreamWriter<TResponse> responseStream,
        ServerCallContext context, ServerStreamingServerMethod<TRequest, TResponse> continuation)
    {
        await AuthorizeAsync(context, request: null).ConfigureAwait(false);
        await continuation(request, responseStream, context).ConfigureAwait(false);
    }

    public override async Task<TResponse> ClientStreamingServerHandler<TRequest, TResponse>(IAsyncStreamReader<TRequest> requestStream,
        ServerCallContext context, ClientStreamingServerMethod<TRequest, TResponse> continuation)
    {
        await AuthorizeAsync(context, request: null).ConfigureAwait(false);
        return await continuation(requestStream, context).ConfigureAwait(false);
    }

    public override async Task DuplexStreamingServerHandler<TRequest, TResponse>(IAsyncStreamReader<TRequest> requestStream,
        IServerStreamWriter<TResponse> responseStream, ServerCallContext context, DuplexStreamingServerMethod<TRequest, TResponse> continuation)
    {
        await AuthorizeAsync(context, request: null).ConfigureAwait(false);
        await continuation(requestStream, responseStream, context).ConfigureAwait(false);
    }

    private async ValueTask AuthorizeAsync(ServerCallContext context, object? request)
    {
        var settings = options.CurrentValue;
        var (service, method) = Split(context.Method);
        var fromNode = service == ClusterRpcMethods.ServiceName || context.RequestHeaders.Get(ClusterForwarder.ForwardedHeader) is not null;
        if (fromNode)
        {
            // A peer already authorized the original caller; what matters is that it is a peer.
            if (settings.NodeSecret is { Length: > 0 } secret
                && !NodeCredential.IsValid(context.RequestHeaders.GetValue(NodeCredential.Header), secret, timeProvider.GetUtcNow()))
            {
                throw Fail(StatusCode.Unauthenticated, "Calls between nodes need the cluster's node credential (Fencepost:Auth:NodeSecret).");
            }
            if (settings.NodeSecret is not { Length: > 0 } && settings.Enabled)
            {
                throw Fail(StatusCode.Unauthenticated, "Calls between nodes are refused: auth is on and no node secret is configured.");
            }
            return;
        }
        if (!settings.Enabled)
        {
            return;
        }
        CallerIdentity caller;
        try
        {
            caller = await authenticator.AuthenticateAsync(context.RequestHeaders.GetValue(CallerAuthenticator.AuthorizationHeader)).ConfigureAwait(false);
        }
        catch (ServiceErrorException ex)
        {
            throw Fail(ex.Code, ex.Message);
        }
        context.UserState[CallerKey] = caller;
        var access = MethodAccess.For(method);
        var ns = access.NamespaceScoped && request is not null ? RequestNamespace.Of(request) : null;
        if (!Allows(caller, access, ns))
        {
            var need = access.NamespaceScoped ? $"{access.Level.ToString().ToLowerInvariant()} in namespace '{ns}'" : access.Level == AccessLevel.Admin ? "system:admin" : "an authenticated caller";
            throw Fail(StatusCode.PermissionDenied, $"{caller.Name} may not call {method}: it needs {need}.");
        }
        if (caller.IsLocalConsole && access.Level >= AccessLevel.Write && consoleWrites.WritesRefused)
        {
            throw Fail(StatusCode.PermissionDenied, "The console is in read-only mode: its writes are refused until an admin switches it off.");
        }
    }

    private static bool Allows(CallerIdentity caller, MethodAccess access, string? ns) => access switch
    {
        { Level: AccessLevel.Authenticated } => true,
        { NamespaceScoped: false } => caller.Permissions.IsClusterAdmin,
        _ => ns is { Length: > 0 } && caller.Permissions.LevelIn(ns) is { } level && level >= access.Level,
    };

    private static (string Service, string Method) Split(string fullMethod)
    {
        var trimmed = fullMethod.TrimStart('/');
        var slash = trimmed.LastIndexOf('/');
        return slash < 0 ? ("", trimmed) : (trimmed[..slash], trimmed[(slash + 1)..]);
    }

    private static RpcException Fail(StatusCode code, string message) => new(new Status(code, message));
}
