import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ApplicationFailure, Client, WorkflowFailedError } from '@temporalio/client';
import { defaultPayloadConverter } from '@temporalio/common';
import { temporal } from '@temporalio/proto';
import { namespace } from '../env';
import { mainQueue, newId, startWorker, withMainWorker } from '../harness';
import { accumulator, addSignal, countUp, deploy, finishSignal } from '../workflows';

const options = { timeout: 60_000 };
const { EventType, ResetReapplyType, WorkflowTaskFailedCause } = temporal.api.enums.v1;
const reason = 'bad deploy 2026-12-07';

type HistoryEvent = temporal.api.history.v1.IHistoryEvent;

/** Long-polls the run's history until its first workflow task has completed, and returns that event's id. */
async function firstTaskCompleted(client: Client, workflowId: string, runId = ''): Promise<number> {
  let nextPageToken: Uint8Array | undefined;
  for (;;) {
    const page = await client.workflowService.getWorkflowExecutionHistory({ namespace, execution: { workflowId, runId }, waitNewEvent: true, nextPageToken });
    const found = page.history?.events?.find((e) => e.eventType === EventType.EVENT_TYPE_WORKFLOW_TASK_COMPLETED);
    if (found) return Number(found.eventId);
    assert.ok(page.nextPageToken?.length, `the history of ${workflowId} ended before its first workflow task completed`);
    nextPageToken = page.nextPageToken ?? undefined;
  }
}

async function history(client: Client, workflowId: string, runId: string): Promise<HistoryEvent[]> {
  return (await client.workflow.getHandle(workflowId, runId).fetchHistory()).events ?? [];
}

async function reset(
  client: Client,
  workflowId: string,
  runId: string,
  eventId: number,
  extra: Partial<temporal.api.workflowservice.v1.IResetWorkflowExecutionRequest> = {},
): Promise<temporal.api.workflowservice.v1.IResetWorkflowExecutionResponse> {
  // fromObject takes the int64 event id as a plain number.
  const request = temporal.api.workflowservice.v1.ResetWorkflowExecutionRequest.fromObject({
    namespace,
    workflowExecution: { workflowId, runId },
    reason,
    workflowTaskFinishEventId: eventId,
    requestId: newId('reset'),
    identity: 'reset-cases',
    ...extra,
  });
  return await client.workflowService.resetWorkflowExecution(request);
}

describe('reset', { concurrency: true }, () => {
  it('a run failed by a bad deploy, reset to its first workflow task, completes with the fixed worker', options, async () => {
    const client = await withMainWorker();
    const taskQueue = newId('deploy');
    const workflowId = newId('deploy');
    const broken = await startWorker(taskQueue, { activities: { ship: async () => { throw ApplicationFailure.nonRetryable('bad deploy: TypeError in ship'); } } });
    const handle = await client.workflow.start(deploy, { taskQueue, workflowId, args: ['order-7'] });
    await assert.rejects(handle.result(), WorkflowFailedError);
    await broken.stop();
    const baseRunId = handle.firstExecutionRunId;

    // The operator's way in: the auto-reset point the worker's build left on the run.
    const points = (await client.workflow.getHandle(workflowId, baseRunId).describe()).raw.workflowExecutionInfo?.autoResetPoints?.points ?? [];
    assert.equal(points.length, 1);
    assert.equal(points[0].runId, baseRunId);
    assert.equal(Number(points[0].firstWorkflowTaskCompletedId), await firstTaskCompleted(client, workflowId, baseRunId));
    const { runId } = await reset(client, workflowId, baseRunId, Number(points[0].firstWorkflowTaskCompletedId));

    const fixed = await startWorker(taskQueue, { activities: { ship: async (order: string) => `shipped ${order}` } });
    try {
      assert.equal(await client.workflow.getHandle(workflowId).result(), 'shipped order-7');
    } finally {
      await fixed.stop();
    }
    const events = await history(client, workflowId, runId!);
    assert.equal(events[0].workflowExecutionStartedEventAttributes?.originalExecutionRunId, baseRunId);
    assert.equal(events[0].workflowExecutionStartedEventAttributes?.firstExecutionRunId, baseRunId);
    const failed = events.find((e) => e.eventType === EventType.EVENT_TYPE_WORKFLOW_TASK_FAILED)?.workflowTaskFailedEventAttributes;
    assert.equal(failed?.cause, WorkflowTaskFailedCause.WORKFLOW_TASK_FAILED_CAUSE_RESET_WORKFLOW);
    assert.equal(failed?.baseRunId, baseRunId);
    assert.equal(failed?.newRunId, runId);
  });

  for (const [reapply, expected] of [[ResetReapplyType.RESET_REAPPLY_TYPE_SIGNAL, 3], [ResetReapplyType.RESET_REAPPLY_TYPE_NONE, 0]] as const) {
    it(`signals after the reset point: ${ResetReapplyType[reapply]} gives ${expected}, and the running base run is terminated`, options, async () => {
      const client = await withMainWorker();
      const workflowId = newId('reset-signals');
      const handle = await client.workflow.start(accumulator, { taskQueue: mainQueue, workflowId });
      const eventId = await firstTaskCompleted(client, workflowId);
      await handle.signal(addSignal, 1);
      await handle.signal(addSignal, 2);

      await reset(client, workflowId, '', eventId, { resetReapplyType: reapply });

      const current = client.workflow.getHandle(workflowId);
      await current.signal(finishSignal);
      assert.equal(await current.result(), expected);
      const base = await history(client, workflowId, handle.firstExecutionRunId);
      const last = base[base.length - 1];
      assert.equal(last.eventType, EventType.EVENT_TYPE_WORKFLOW_EXECUTION_TERMINATED);
      assert.equal(last.workflowExecutionTerminatedEventAttributes?.reason, reason);
    });
  }

  it('reset_reapply_exclude_types SIGNAL leaves the signals out; a post-reset signal reaches the new run', options, async () => {
    const client = await withMainWorker();
    const workflowId = newId('reset-exclude');
    const handle = await client.workflow.start(accumulator, { taskQueue: mainQueue, workflowId });
    const eventId = await firstTaskCompleted(client, workflowId);
    await handle.signal(addSignal, 1);
    const payload = defaultPayloadConverter.toPayload(5);

    const { runId } = await reset(client, workflowId, '', eventId, {
      resetReapplyExcludeTypes: [temporal.api.enums.v1.ResetReapplyExcludeType.RESET_REAPPLY_EXCLUDE_TYPE_SIGNAL],
      postResetOperations: [{ signalWorkflow: { signalName: 'add', input: { payloads: [payload] } } }],
    });

    const current = client.workflow.getHandle(workflowId, runId!);
    await current.signal(finishSignal);
    assert.equal(await current.result(), 5);
    await assert.rejects(
      reset(client, workflowId, '', eventId, { postResetOperations: [{ updateWorkflowOptions: {} }] }),
      (error: { code: number }) => error.code === 3,
    );
  });

  it('resetting an earlier run of a continue-as-new chain moves the current run to the new one', options, async () => {
    const client = await withMainWorker();
    const workflowId = newId('reset-chain');
    const handle = await client.workflow.start(countUp, { taskQueue: mainQueue, workflowId, args: [0, 2] });
    assert.deepEqual(await handle.result(), { count: 2, runs: 3 });
    const firstRunId = handle.firstExecutionRunId;
    const lastRunId = (await client.workflow.getHandle(workflowId).describe()).runId;

    const { runId } = await reset(client, workflowId, firstRunId, await firstTaskCompleted(client, workflowId, firstRunId));

    assert.deepEqual(await client.workflow.getHandle(workflowId, runId!).result(), { count: 2, runs: 3 });
    const current = await client.workflow.getHandle(workflowId).describe();
    assert.notEqual(current.runId, lastRunId);
    assert.equal(current.raw.workflowExecutionInfo?.firstRunId, firstRunId);
  });

  it('the same request id resets once and answers the same run', options, async () => {
    const client = await withMainWorker();
    const workflowId = newId('reset-dedup');
    const handle = await client.workflow.start(accumulator, { taskQueue: mainQueue, workflowId });
    const eventId = await firstTaskCompleted(client, workflowId);
    const requestId = newId('request');

    const first = await reset(client, workflowId, handle.firstExecutionRunId, eventId, { requestId });
    const second = await reset(client, workflowId, handle.firstExecutionRunId, eventId, { requestId });

    assert.equal(second.runId, first.runId);
    assert.equal((await client.workflow.getHandle(workflowId).describe()).runId, first.runId);
    await client.workflow.getHandle(workflowId).terminate('done');
  });

  it('an event id that is no workflow task finish is INVALID_ARGUMENT, an unknown run NOT_FOUND', options, async () => {
    const client = await withMainWorker();
    const workflowId = newId('reset-bad');
    const handle = await client.workflow.start(accumulator, { taskQueue: mainQueue, workflowId });
    const eventId = await firstTaskCompleted(client, workflowId);
    for (const bad of [0, 1, eventId - 2, 10_000]) {
      await assert.rejects(reset(client, workflowId, '', bad), (error: { code: number }) => error.code === 3, `event ${bad}`);
    }
    await assert.rejects(reset(client, workflowId, '00000000-0000-4000-8000-000000000000', eventId), (error: { code: number }) => error.code === 5);
    assert.equal((await client.workflow.getHandle(workflowId).describe()).runId, handle.firstExecutionRunId);
    await handle.signal(finishSignal);
    assert.equal(await handle.result(), 0);
  });
});
