import assert from 'node:assert/strict';
import { ActivityCancelledError, ActivityFailure, ActivityNotFoundError, ApplicationFailure, Client, WorkflowFailedError } from '@temporalio/client';
import { temporal } from '@temporalio/proto';
import { describe, it } from 'node:test';
import { seen, taskTokenOf } from '../activities';
import { eventTypes, mainQueue, newId, withMainWorker } from '../harness';
import { namespace } from '../env';
import { activityTimeout, asyncCompletion, asyncCompletionCancelled, asyncCompletionRetriedLater, fanOut, greeting, greetingScheduleToClose, heartbeatDetailsCarriedOver, localActivities, nonRetryableErrorType, nonRetryableFailure, retries, cancelHeartbeatingActivity } from '../workflows';

const options = { timeout: 60_000 };
const { EventType, PendingActivityState } = temporal.api.enums.v1;

/** Long-polls the run's history until an event of `type` is written, and returns it. */
async function awaitEvent(client: Client, workflowId: string, type: temporal.api.enums.v1.EventType): Promise<temporal.api.history.v1.IHistoryEvent> {
  let nextPageToken: Uint8Array | undefined;
  for (;;) {
    const page = await client.workflowService.getWorkflowExecutionHistory({ namespace, execution: { workflowId }, waitNewEvent: true, nextPageToken });
    const found = page.history?.events?.find((e) => e.eventType === type);
    if (found) return found;
    nextPageToken = page.nextPageToken ?? undefined;
  }
}

describe('activities', { concurrency: true }, () => {
  it('a start-to-close-only activity completes, with every timeout filled', options, async () => {
    const client = await withMainWorker();
    const workflowId = newId('greeting');
    const result = await client.workflow.execute(greeting, { taskQueue: mainQueue, workflowId, args: ['Fencepost'] });
    assert.equal(result, 'Hello, Fencepost!');
    const [attempt] = seen.get(workflowId) ?? [];
    assert.equal(attempt.attempt, 1);
    assert.equal(attempt.startToCloseTimeoutMs, 30_000);
    assert.equal(attempt.scheduleToCloseTimeoutMs, 0, 'an unset schedule-to-close reaches the worker as zero');
    assert.equal(attempt.taskQueue, mainQueue);
  });

  it('a schedule-to-close-only activity completes, its start-to-close derived', options, async () => {
    const client = await withMainWorker();
    const workflowId = newId('greeting-stc');
    const result = await client.workflow.execute(greetingScheduleToClose, { taskQueue: mainQueue, workflowId, args: ['again'] });
    assert.equal(result, 'Hello, again!');
    const [attempt] = seen.get(workflowId) ?? [];
    assert.equal(attempt.scheduleToCloseTimeoutMs, 30_000);
    assert.equal(attempt.startToCloseTimeoutMs, 30_000);
  });

  it('a failing activity is retried by the server until it succeeds', options, async () => {
    const client = await withMainWorker();
    const workflowId = newId('retries');
    const attempt = await client.workflow.execute(retries, { taskQueue: mainQueue, workflowId, args: [2] });
    assert.equal(attempt, 3);
    assert.deepEqual(seen.get(workflowId)?.map((a) => a.attempt), [1, 2, 3]);
  });

  it('a non-retryable failure ends the activity after one attempt', options, async () => {
    const client = await withMainWorker();
    const workflowId = newId('non-retryable');
    const failure = await client.workflow.execute(nonRetryableFailure, { taskQueue: mainQueue, workflowId });
    assert.equal(failure.activityFailure, true);
    assert.equal(failure.causeType, 'Hopeless');
    assert.equal(failure.causeNonRetryable, true);
    assert.deepEqual(failure.causeDetails, [{ reason: 'bad input' }]);
    assert.equal(failure.retryState, 'NON_RETRYABLE_FAILURE');
    assert.equal(seen.get(workflowId)?.length, 1);
  });

  it('an error type the retry policy names is not retried', options, async () => {
    const client = await withMainWorker();
    const workflowId = newId('non-retryable-type');
    const failure = await client.workflow.execute(nonRetryableErrorType, { taskQueue: mainQueue, workflowId });
    assert.equal(failure.causeType, 'Fatal');
    assert.equal(failure.retryState, 'NON_RETRYABLE_FAILURE');
    assert.equal(seen.get(workflowId)?.length, 1);
  });

  for (const [kind, expected] of [
    ['startToClose', 'START_TO_CLOSE'],
    ['scheduleToClose', 'SCHEDULE_TO_CLOSE'],
    ['scheduleToStart', 'SCHEDULE_TO_START'],
    ['heartbeat', 'HEARTBEAT'],
  ] as const) {
    it(`a ${kind} timeout reaches the workflow as a TimeoutFailure`, options, async () => {
      const client = await withMainWorker();
      const workflowId = newId(`timeout-${kind}`);
      const failure = await client.workflow.execute(activityTimeout, { taskQueue: mainQueue, workflowId, args: [kind, newId('idle')] });
      assert.equal(failure.activityFailure, true, JSON.stringify(failure));
      assert.equal(failure.causeName, 'TimeoutFailure', JSON.stringify(failure));
      assert.equal(failure.timeoutType, expected);
    });
  }

  it('heartbeat details of a failed attempt reach the next attempt', options, async () => {
    const client = await withMainWorker();
    const workflowId = newId('heartbeat-details');
    const details = await client.workflow.execute(heartbeatDetailsCarriedOver, { taskQueue: mainQueue, workflowId });
    assert.deepEqual(details, { progress: 3 });
    assert.deepEqual(seen.get(workflowId)?.map((a) => a.attempt), [1, 2]);
    assert.equal(seen.get(workflowId)?.[0].heartbeatDetails, undefined);
  });

  it('a workflow cancels a heartbeating activity and the worker confirms it', options, async () => {
    const client = await withMainWorker();
    const workflowId = newId('cancel-activity');
    const outcome = await client.workflow.execute(cancelHeartbeatingActivity, { taskQueue: mainQueue, workflowId });
    assert.equal(outcome.cancelled, true, JSON.stringify(outcome));
    assert.ok(seen.get(workflowId)?.some((a) => a.cancelled), 'the activity saw its cancellation');
    const types = await eventTypes(client.workflow.getHandle(workflowId));
    assert.ok(types.includes('ACTIVITY_TASK_CANCEL_REQUESTED') && types.includes('ACTIVITY_TASK_CANCELED'), types.join(','));
  });

  it('fifty activities fan out and all complete', options, async () => {
    const client = await withMainWorker();
    const count = await client.workflow.execute(fanOut, { taskQueue: mainQueue, workflowId: newId('fan-out'), args: [50] });
    assert.equal(count, 50);
  });

  it('local activities run, and retry in the worker', options, async () => {
    const client = await withMainWorker();
    const workflowId = newId('local');
    const result = await client.workflow.execute(localActivities, { taskQueue: mainQueue, workflowId });
    assert.deepEqual(result, { greeting: 'Hello, local!', attempt: 3 });
  });

  it('an activity completed from outside by its task token', options, async () => {
    const client = await withMainWorker();
    const workflowId = newId('async-completion');
    const handle = await client.workflow.start(asyncCompletion, { taskQueue: mainQueue, workflowId });
    const token = await taskTokenOf(workflowId);
    await client.activity.complete(token, 'completed from outside');
    assert.equal(await handle.result(), 'completed from outside');
  });

  it('an activity heartbeated and completed from outside by workflow id and activity id', options, async () => {
    const client = await withMainWorker();
    const workflowId = newId('complete-by-id');
    const handle = await client.workflow.start(asyncCompletion, { taskQueue: mainQueue, workflowId });
    await taskTokenOf(workflowId);
    const activityId = (await handle.describe()).raw.pendingActivities![0].activityId!;
    await client.activity.heartbeat({ workflowId, runId: handle.firstExecutionRunId, activityId }, 'halfway');
    const pending = (await handle.describe()).raw.pendingActivities![0];
    assert.equal(Buffer.from(pending.heartbeatDetails!.payloads![0].data!).toString(), '"halfway"');
    await client.activity.complete({ workflowId, activityId }, 'completed by id');
    assert.equal(await handle.result(), 'completed by id');
    await assert.rejects(client.activity.complete({ workflowId, activityId }, 'again'), ActivityNotFoundError);
  });

  it('an activity failed from outside by workflow id and activity id', options, async () => {
    const client = await withMainWorker();
    const workflowId = newId('fail-by-id');
    const handle = await client.workflow.start(asyncCompletion, { taskQueue: mainQueue, workflowId });
    await taskTokenOf(workflowId);
    const activityId = (await handle.describe()).raw.pendingActivities![0].activityId!;
    await client.activity.fail({ workflowId, activityId }, ApplicationFailure.nonRetryable('failed by id'));
    await assert.rejects(handle.result(), (error: unknown) => {
      assert.ok(error instanceof WorkflowFailedError);
      assert.ok(error.cause instanceof ActivityFailure);
      assert.equal(error.cause.cause?.message, 'failed by id');
      return true;
    });
  });

  it('an activity cancelled with its workflow learns it from a heartbeat by id and reports the cancellation by id', options, async () => {
    const client = await withMainWorker();
    const workflowId = newId('cancel-by-id');
    const handle = await client.workflow.start(asyncCompletionCancelled, { taskQueue: mainQueue, workflowId });
    await taskTokenOf(workflowId);
    const activityId = (await handle.describe()).raw.pendingActivities![0].activityId!;
    await client.activity.heartbeat({ workflowId, activityId }, 'not yet');
    await handle.cancel();
    await awaitEvent(client, workflowId, EventType.EVENT_TYPE_ACTIVITY_TASK_CANCEL_REQUESTED);
    await assert.rejects(client.activity.heartbeat({ workflowId, activityId }, 'still working'), ActivityCancelledError);
    await client.activity.reportCancellation({ workflowId, activityId }, 'cleaned up');
    assert.equal(await handle.result(), 'activity cancelled');
    const cancelled = await awaitEvent(client, workflowId, EventType.EVENT_TYPE_ACTIVITY_TASK_CANCELED);
    assert.equal(Buffer.from(cancelled.activityTaskCanceledEventAttributes!.details!.payloads![0].data!).toString(), '"cleaned up"');
  });

  it('by id, an activity waiting for its next attempt is not found, nor is the failed attempt by its token', options, async () => {
    const client = await withMainWorker();
    const workflowId = newId('stale-by-id');
    const handle = await client.workflow.start(asyncCompletionRetriedLater, { taskQueue: mainQueue, workflowId });
    const firstAttempt = await taskTokenOf(workflowId);
    const activityId = (await handle.describe()).raw.pendingActivities![0].activityId!;
    await client.activity.fail({ workflowId, activityId }, ApplicationFailure.retryable('first attempt fails', 'Flaky'));
    const pending = (await handle.describe()).raw.pendingActivities![0];
    assert.equal(pending.attempt, 2);
    assert.equal(pending.state, PendingActivityState.PENDING_ACTIVITY_STATE_SCHEDULED);
    assert.equal(pending.lastFailure?.message, 'first attempt fails');
    await assert.rejects(client.activity.complete({ workflowId, activityId }, 'too early'), ActivityNotFoundError);
    await assert.rejects(client.activity.heartbeat({ workflowId, activityId }), ActivityNotFoundError);
    await assert.rejects(client.activity.complete(firstAttempt, 'too late'), ActivityNotFoundError);
    assert.equal((await handle.describe()).raw.pendingActivities![0].attempt, 2, 'nothing refused changed the activity');
    await handle.terminate('cleanup');
  });
});
