namespace Fencepost.Engine.Sdk.Tests.Schedules;

/// <summary>Waits for a schedule's asynchronous outcome (a start, a close it heard of) with a bound and a message.</summary>
internal static class ScheduleWait
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(30);

    public static async Task<T> UntilAsync<T>(Func<Task<T>> read, Func<T, bool> done, string what)
    {
        using var timeout = new CancellationTokenSource(Bound);
        var last = await read();
        while (!done(last))
        {
            try
            {
                await Task.Delay(20, timeout.Token);
            }
            catch (OperationCanceledException)
            {
                throw new TimeoutException($"Waited {Bound} for {what}; last seen: {last}.");
            }
            last = await read();
        }
        return last;
    }
}
