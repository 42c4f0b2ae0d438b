using Fencepost.ConsoleWeb.Live;
using Microsoft.AspNetCore.Components;

namespace Fencepost.ConsoleWeb.Components.Controls;

/// <summary>
/// Base of a live page: subscribes to its source while on screen (so the source reads only while
/// someone watches), shows the newest snapshot unless paused, and unsubscribes when disposed.
/// </summary>
public abstract class LiveView<T> : ComponentBase, IDisposable where T : class
{
    private IDisposable? _subscription;

    protected abstract ILiveSource<T> Source { get; }

    /// <summary>The snapshot on screen (null until the first read).</summary>
    protected LiveSnapshot<T>? Snapshot { get; private set; }

    protected bool Paused { get; private set; }

    protected override void OnInitialized()
    {
        Snapshot = Source.Current;
        OnSnapshotChanged();
        _subscription = Source.Subscribe(OnUpdatedAsync);
    }

    /// <summary>Called after <see cref="Snapshot"/> changed, before the render: pages derive their views here.</summary>
    protected virtual void OnSnapshotChanged()
    {
    }

    protected void TogglePause()
    {
        Paused = !Paused;
        if (!Paused)
        {
            Snapshot = Source.Current;
            OnSnapshotChanged();
        }
    }

    public void Dispose()
    {
        _subscription?.Dispose();
        GC.SuppressFinalize(this);
    }

    private Task OnUpdatedAsync() => InvokeAsync(() =>
    {
        if (Paused || ReferenceEquals(Snapshot, Source.Current))
        {
            return;
        }
        Snapshot = Source.Current;
        OnSnapshotChanged();
        StateHasChanged();
    });
}
