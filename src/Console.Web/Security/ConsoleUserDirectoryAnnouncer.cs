using Fencepost.Engine.Persistence.Stores;

namespace Fencepost.ConsoleWeb.Security;

/// <summary>
/// Builds the user directory at start and settles a generated first-run admin password with the
/// store, so the password appears in the start-up log of the cluster's first start only.
/// </summary>
internal sealed class ConsoleUserDirectoryAnnouncer(ConsoleUserDirectory directory, IServiceProvider services, TimeProvider time) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken) =>
        directory.SettleFirstRunAdminAsync(services.GetService<IPersistenceStore>()?.Cluster, time, cancellationToken);

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
