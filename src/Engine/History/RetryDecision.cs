using Temporalio.Api.Enums.V1;

namespace Fencepost.Engine.History;

/// <summary>Whether a failed attempt is retried (<see cref="RetryState.InProgress"/>, after <see cref="Delay"/>) or why not.</summary>
internal readonly record struct RetryDecision(RetryState State, TimeSpan Delay);
