using Fencepost.Engine.Configuration.Dynamic;
using Temporalio.Client;
using Temporalio.Worker;

namespace Fencepost.Engine.Sdk.Tests;

/// <summary>Helpers shared by the SDK flow tests: unique ids and a worker around a test body.</summary>
public abstract class SdkTestBase(EngineFixture engine)
{
    protected static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    protected EngineFixture Engine { get; } = engine;

    protected TemporalClient Client => Engine.Client;

    protected static string NewId(string prefix) => $"{prefix}-{Guid.NewGuid():N}";

    /// <summary>Sets <paramref name="key"/> for the default namespace until the returned scope is disposed.</summary>
    protected DefaultNamespaceConfigOverride<T> SetForDefaultNamespace<T>(DynamicConfigKey<T> key, T value) => new(Engine.Services, key, value);

    protected async Task<T> RunWithWorkerAsync<T>(string taskQueue, Func<Task<T>> body, Action<TemporalWorkerOptions> configure)
    {
        var options = new TemporalWorkerOptions(taskQueue);
        configure(options);
        using var worker = new TemporalWorker(Client, options);
        return await worker.ExecuteAsync(() => body().WaitAsync(Timeout));
    }
}
