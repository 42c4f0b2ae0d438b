namespace Fencepost.Engine.Sdk.Tests.Faults;

/// <summary>A fault to inject under load: <see cref="Inject"/> starts it, <see cref="Heal"/> ends it <see cref="Duration"/> later.</summary>
public sealed record FaultScenario(string Name, TimeSpan Duration, Func<Task> Inject, Func<Task> Heal);
