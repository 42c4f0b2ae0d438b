// Workflows around activities: round trip, retries, failures, timeouts, heartbeats, cancellation.
import { ActivityCancellationType, ActivityFailure, ApplicationFailure, CancellationScope, CancelledFailure, proxyActivities, proxyLocalActivities, sleep, TimeoutFailure, workflowInfo } from '@temporalio/workflow';
import type * as activities from '../activities';

const { greet } = proxyActivities<typeof activities>({ startToCloseTimeout: '30s' });

/** One activity with only a start-to-close timeout: the case issue #15 found broken. */
export async function greeting(name: string): Promise<string> {
  return await greet(name);
}

/** Only a schedule-to-close timeout: the server derives start-to-close from it. */
export async function greetingScheduleToClose(name: string): Promise<string> {
  const { greet: greetWithin } = proxyActivities<typeof activities>({ scheduleToCloseTimeout: '30s' });
  return await greetWithin(name);
}

export async function retries(failures: number): Promise<number> {
  const { flaky } = proxyActivities<typeof activities>({
    startToCloseTimeout: '10s',
    retry: { initialInterval: '100ms', backoffCoefficient: 1.5, maximumAttempts: failures + 1 },
  });
  return await flaky(workflowInfo().workflowId, failures);
}

/** Summarises how an activity failed, for the case to assert on. */
function describeFailure(error: unknown): Record<string, unknown> {
  if (!(error instanceof ActivityFailure)) {
    throw error;
  }
  const cause = error.cause;
  return {
    activityFailure: true,
    retryState: error.retryState,
    causeName: cause?.name,
    causeType: cause instanceof ApplicationFailure ? cause.type : undefined,
    causeNonRetryable: cause instanceof ApplicationFailure ? cause.nonRetryable : undefined,
    causeDetails: cause instanceof ApplicationFailure ? cause.details : undefined,
    timeoutType: cause instanceof TimeoutFailure ? cause.timeoutType : undefined,
    message: cause?.message,
  };
}

export async function nonRetryableFailure(): Promise<Record<string, unknown>> {
  const { failNonRetryable } = proxyActivities<typeof activities>({ startToCloseTimeout: '10s', retry: { initialInterval: '100ms' } });
  try {
    await failNonRetryable(workflowInfo().workflowId);
    return { activityFailure: false };
  } catch (error) {
    return describeFailure(error);
  }
}

export async function nonRetryableErrorType(): Promise<Record<string, unknown>> {
  const { failWithType } = proxyActivities<typeof activities>({
    startToCloseTimeout: '10s',
    retry: { initialInterval: '100ms', nonRetryableErrorTypes: ['Fatal'] },
  });
  try {
    await failWithType(workflowInfo().workflowId, 'Fatal');
    return { activityFailure: false };
  } catch (error) {
    return describeFailure(error);
  }
}

export type TimeoutKind = 'startToClose' | 'scheduleToClose' | 'scheduleToStart' | 'heartbeat';

/** Provokes one kind of activity timeout; `idleQueue` is a task queue no worker polls. */
export async function activityTimeout(kind: TimeoutKind, idleQueue: string): Promise<Record<string, unknown>> {
  const key = workflowInfo().workflowId;
  const once = { maximumAttempts: 1 };
  try {
    switch (kind) {
      case 'startToClose':
        await proxyActivities<typeof activities>({ startToCloseTimeout: '1s', retry: once }).sleepFor(key, 5_000);
        break;
      case 'scheduleToClose':
        // Start-to-close is derived as 2 s too, but counted from the start, which comes after the
        // schedule: the schedule-to-close deadline is always the earlier one. (A shorter explicit
        // start-to-close with retries races on a loaded machine: an attempt picked up late times
        // out too close to the deadline to be retried, and Temporal then reports START_TO_CLOSE.)
        await proxyActivities<typeof activities>({ scheduleToCloseTimeout: '2s', retry: { initialInterval: '100ms' } }).sleepFor(key, 5_000);
        break;
      case 'scheduleToStart':
        await proxyActivities<typeof activities>({ taskQueue: idleQueue, scheduleToStartTimeout: '1s', startToCloseTimeout: '10s' }).sleepFor(key, 0);
        break;
      case 'heartbeat':
        await proxyActivities<typeof activities>({ startToCloseTimeout: '30s', heartbeatTimeout: '1s', retry: once }).sleepFor(key, 5_000);
        break;
    }
    return { activityFailure: false };
  } catch (error) {
    return describeFailure(error);
  }
}

export async function heartbeatDetailsCarriedOver(): Promise<unknown> {
  const { resumable } = proxyActivities<typeof activities>({
    startToCloseTimeout: '10s',
    heartbeatTimeout: '5s',
    retry: { initialInterval: '100ms', maximumAttempts: 2 },
  });
  return await resumable(workflowInfo().workflowId);
}

/** Cancels a heartbeating activity and waits for the worker to confirm the cancellation. */
export async function cancelHeartbeatingActivity(): Promise<Record<string, unknown>> {
  const { heartbeatUntilCancelled } = proxyActivities<typeof activities>({
    startToCloseTimeout: '60s',
    heartbeatTimeout: '2s',
    cancellationType: ActivityCancellationType.WAIT_CANCELLATION_COMPLETED,
  });
  const scope = new CancellationScope();
  const running = scope.run(() => heartbeatUntilCancelled(workflowInfo().workflowId));
  await sleep('500ms');
  scope.cancel();
  try {
    await running;
    return { activityFailure: false };
  } catch (error) {
    return { ...describeFailure(error), cancelled: error instanceof ActivityFailure && error.cause instanceof CancelledFailure };
  }
}

/** An activity the case completes from outside with its task token. */
export async function asyncCompletion(): Promise<string> {
  const { completeLater } = proxyActivities<typeof activities>({ startToCloseTimeout: '30s' });
  return await completeLater(workflowInfo().workflowId);
}

/** `completeLater` cancelled with the workflow: waits until the case reports the cancellation, then completes. */
export async function asyncCompletionCancelled(): Promise<string> {
  const { completeLater } = proxyActivities<typeof activities>({
    startToCloseTimeout: '60s',
    cancellationType: ActivityCancellationType.WAIT_CANCELLATION_COMPLETED,
  });
  try {
    return await completeLater(workflowInfo().workflowId);
  } catch (error) {
    if (error instanceof ActivityFailure && error.cause instanceof CancelledFailure) {
      return 'activity cancelled';
    }
    throw error;
  }
}

/** `completeLater` whose second attempt is an hour away: after a failed first attempt it waits, not started. */
export async function asyncCompletionRetriedLater(): Promise<string> {
  const { completeLater } = proxyActivities<typeof activities>({ startToCloseTimeout: '30s', retry: { initialInterval: '1h', maximumAttempts: 2 } });
  return await completeLater(workflowInfo().workflowId);
}

export async function fanOut(count: number): Promise<number> {
  const results = await Promise.all(Array.from({ length: count }, (_, i) => greet(`n${i}`)));
  return results.length;
}

/** Local activities: a round trip and one that succeeds on its third attempt. */
export async function localActivities(): Promise<{ greeting: string; attempt: number }> {
  const local = proxyLocalActivities<typeof activities>({ startToCloseTimeout: '10s', retry: { initialInterval: '100ms', maximumAttempts: 5 } });
  const greeting = await local.greet('local');
  const attempt = await local.flaky(`${workflowInfo().workflowId}-local`, 2);
  return { greeting, attempt };
}
