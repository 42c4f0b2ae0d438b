using Fencepost.ConsoleWeb.Data;
using Fencepost.ConsoleWeb.Live;
using Fencepost.Engine.Persistence.Model;
using Fencepost.Engine.Persistence.Stores;

namespace Fencepost.ConsoleWeb.Tests.Fakes;

/// <summary>A live source whose snapshots the test publishes.</summary>
public class FakeLiveSource<T> : ILiveSource<T> where T : class
{
    private readonly List<Func<Task>> _subscribers = [];

    public LiveSnapshot<T>? Current { get; private set; }

    public int SubscriberCount => _subscribers.Count;

    public IDisposable Subscribe(Func<Task> onUpdated)
    {
        _subscribers.Add(onUpdated);
        return new Unsubscriber(() => _subscribers.Remove(onUpdated));
    }

    public async Task PublishAsync(LiveSnapshot<T> snapshot)
    {
        Current = snapshot;
        foreach (var subscriber in _subscribers.ToList())
        {
            await subscriber();
        }
    }

    private sealed class Unsubscriber(Action action) : IDisposable
    {
        public void Dispose() => action();
    }
}

public sealed class FakeShardSource : FakeLiveSource<IReadOnlyList<ShardInfo>>, IShardSource;

public sealed class FakeTaskQueueSource : FakeLiveSource<IReadOnlyList<Fencepost.Engine.Introspection.TaskQueueSnapshot>>, ITaskQueueSource;

public sealed class FakeConnectionPoolSource : FakeLiveSource<IReadOnlyList<ConnectionPoolSnapshot>>, IConnectionPoolSource;
