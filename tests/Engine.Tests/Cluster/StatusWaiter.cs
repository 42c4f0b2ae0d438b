using Fencepost.Engine.Cluster.Membership;

namespace Fencepost.Engine.Tests.Cluster;

/// <summary>Awaits a heartbeater status matching a condition, with a timeout and a message naming what was awaited.</summary>
public static class StatusWaiter
{
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    public static async Task<HeartbeatStatus> WaitForAsync(this MembershipHeartbeater heartbeater, Func<HeartbeatStatus, bool> condition, string what)
    {
        var reached = new TaskCompletionSource<HeartbeatStatus>(TaskCreationOptions.RunContinuationsAsynchronously);
        void OnChanged(object? sender, HeartbeatStatus status)
        {
            if (condition(status))
            {
                reached.TrySetResult(status);
            }
        }

        heartbeater.StatusChanged += OnChanged;
        try
        {
            OnChanged(null, heartbeater.Status);
            var finished = await Task.WhenAny(reached.Task, Task.Delay(Timeout));
            Assert.True(finished == reached.Task, $"Timed out after {Timeout} waiting for the heartbeater: {what}. Last status: {heartbeater.Status}.");
            return await reached.Task;
        }
        finally
        {
            heartbeater.StatusChanged -= OnChanged;
        }
    }
}
