using Temporalio.Api.Enums.V1;

namespace Fencepost.Engine.History;

/// <summary>
/// What follows a closing run: nothing (<see cref="ContinueAsNewInitiator.Unspecified"/>), a retry or
/// the next cron run, whose first workflow task waits <see cref="Backoff"/>. <see cref="RetryState"/>
/// is what the close event records.
/// </summary>
internal readonly record struct RunChainDecision(ContinueAsNewInitiator Initiator, TimeSpan Backoff, RetryState RetryState)
{
    public bool StartsNextRun => Initiator != ContinueAsNewInitiator.Unspecified;

    public static RunChainDecision None(RetryState retryState) => new(ContinueAsNewInitiator.Unspecified, TimeSpan.Zero, retryState);
}
