namespace Fencepost.Engine.Frontend;

/// <summary>
/// Temporal's worker_poll_complete_on_shutdown: a worker names itself in its polls with
/// <c>worker_instance_key</c>; when it calls ShutdownWorker with that key, its open polls (sticky
/// and normal queues, workflow and activity) end empty at once, and any poll it still sends ends
/// empty without waiting. The worker then lets its polls return instead of abandoning them, so no
/// task is handed to a poll nobody reads. Kept per node: a worker's polls and its ShutdownWorker
/// travel on one connection to one node.
/// </summary>
internal sealed class WorkerPollShutdowns(TimeProvider timeProvider)
{
    /// <summary>How long a shut-down key is remembered, so a poll that raced the shutdown still ends at once.</summary>
    private static readonly TimeSpan RememberShutdown = TimeSpan.FromMinutes(2);

    private readonly Lock _gate = new();
    private readonly Dictionary<(Guid Namespace, string Key), WorkerPolls> _workers = [];

    /// <summary>
    /// Registers a poll; its <see cref="PollScope.Token"/> is cancelled when the request is aborted
    /// or its worker shuts down. A poll without a key is never ended by a shutdown.
    /// </summary>
    public PollScope Enter(Guid namespaceId, string workerInstanceKey, CancellationToken requestAborted)
    {
        if (string.IsNullOrEmpty(workerInstanceKey))
        {
            return new PollScope(this, null, CancellationTokenSource.CreateLinkedTokenSource(requestAborted));
        }
        WorkerPolls worker;
        lock (_gate)
        {
            if (!_workers.TryGetValue((namespaceId, workerInstanceKey), out worker!))
            {
                worker = new WorkerPolls(namespaceId, workerInstanceKey);
                _workers.Add((namespaceId, workerInstanceKey), worker);
            }
            worker.OpenPolls++;
        }
        return new PollScope(this, worker, CancellationTokenSource.CreateLinkedTokenSource(requestAborted, worker.ShutDown.Token));
    }

    /// <summary>Ends the worker's open polls empty; returns how many there were.</summary>
    public int Shutdown(Guid namespaceId, string workerInstanceKey)
    {
        if (string.IsNullOrEmpty(workerInstanceKey))
        {
            return 0;
        }
        WorkerPolls worker;
        int open;
        var now = timeProvider.GetUtcNow();
        lock (_gate)
        {
            foreach (var stale in _workers.Values.Where(w => w.OpenPolls == 0 && w.ShutDownAt is { } at && now - at > RememberShutdown).ToList())
            {
                _workers.Remove((stale.NamespaceId, stale.Key));
                stale.ShutDown.Dispose();
            }
            if (!_workers.TryGetValue((namespaceId, workerInstanceKey), out worker!))
            {
                worker = new WorkerPolls(namespaceId, workerInstanceKey);
                _workers.Add((namespaceId, workerInstanceKey), worker);
            }
            worker.ShutDownAt ??= now;
            open = worker.OpenPolls;
        }
        worker.ShutDown.Cancel();
        return open;
    }

    private void Leave(WorkerPolls worker)
    {
        lock (_gate)
        {
            worker.OpenPolls--;
            if (worker.OpenPolls == 0 && worker.ShutDownAt is null)
            {
                _workers.Remove((worker.NamespaceId, worker.Key));
                worker.ShutDown.Dispose();
            }
        }
    }

    internal sealed class WorkerPolls(Guid namespaceId, string key)
    {
        public Guid NamespaceId { get; } = namespaceId;
        public string Key { get; } = key;
        public CancellationTokenSource ShutDown { get; } = new();
        public int OpenPolls { get; set; }
        public DateTimeOffset? ShutDownAt { get; set; }
    }

    /// <summary>One open poll: dispose it when the poll returns.</summary>
    public sealed class PollScope : IDisposable
    {
        private readonly WorkerPollShutdowns _owner;
        private readonly WorkerPolls? _worker;
        private readonly CancellationTokenSource _linked;

        internal PollScope(WorkerPollShutdowns owner, WorkerPolls? worker, CancellationTokenSource linked)
        {
            _owner = owner;
            _worker = worker;
            _linked = linked;
        }

        /// <summary>Cancelled when the request is aborted or the worker shut down.</summary>
        public CancellationToken Token => _linked.Token;

        /// <summary>The worker called ShutdownWorker: the poll answers empty.</summary>
        public bool WorkerShutDown => _worker?.ShutDown.IsCancellationRequested == true;

        public void Dispose()
        {
            _linked.Dispose();
            if (_worker is not null)
            {
                _owner.Leave(_worker);
            }
        }
    }
}
