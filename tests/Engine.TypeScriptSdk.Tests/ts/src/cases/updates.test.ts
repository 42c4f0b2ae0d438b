import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Client, Connection, WithStartWorkflowOperation, WorkflowExecutionAlreadyStartedError, WorkflowNotFoundError, WorkflowUpdateFailedError, WorkflowUpdateStage } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import { Worker } from '@temporalio/worker';
import { holdStarted, releaseHold } from '../activities';
import { msToTs } from '@temporalio/common/lib/time';
import { address } from '../env';
import { client, eventTypes, mainQueue, newId, startWorker, withMainWorker, workflowBundle } from '../harness';
import { abandonSignal, addUpdate, breakUpdate, finishUpdatesSignal, releaseSignal, updatable, waitForReleaseUpdate } from '../workflows';

// The same cases as Engine.Sdk.Tests/Updates/UpdateFlowTests.cs, with the TypeScript SDK.
const options = { timeout: 90_000 };
/** gRPC's ALREADY_EXISTS (a case run twice against one server registers its namespace again). */
const ALREADY_EXISTS = 6;

function failureType(error: unknown): string | undefined {
  assert.ok(error instanceof WorkflowUpdateFailedError, `expected WorkflowUpdateFailedError, got ${String(error)}`);
  return error.cause instanceof ApplicationFailure ? error.cause.type ?? undefined : undefined;
}

/** The server's message of a refused call, wherever the client put the gRPC error. */
function grpcDetails(error: unknown): string {
  assert.ok(error instanceof Error, `expected the call to be refused, got ${String(error)}`);
  const cause = (error as { cause?: { details?: string } }).cause;
  return `${error.message} ${cause?.details ?? ''}`;
}

function updateEvents(types: string[]): string[] {
  return types.filter((type) => type.startsWith('WORKFLOW_EXECUTION_UPDATE_'));
}

describe('updates', { concurrency: true }, () => {
  it('an accepted update returns its result and history records accepted then completed', options, async () => {
    const client = await withMainWorker();
    const handle = await client.workflow.start(updatable, { taskQueue: mainQueue, workflowId: newId('update'), args: [false] });
    assert.equal(await handle.executeUpdate(addUpdate, { args: ['a'], updateId: 'add-a' }), 1);
    await handle.signal(finishUpdatesSignal);
    assert.equal(await handle.result(), 'a');
    const history = await handle.fetchHistory();
    const accepted = history.events?.find((e) => e.workflowExecutionUpdateAcceptedEventAttributes)!;
    const completed = history.events?.find((e) => e.workflowExecutionUpdateCompletedEventAttributes)!;
    assert.equal(accepted.workflowExecutionUpdateAcceptedEventAttributes?.protocolInstanceId, 'add-a');
    assert.equal(accepted.workflowExecutionUpdateAcceptedEventAttributes?.acceptedRequest?.input?.name, 'add');
    assert.equal(Number(completed.workflowExecutionUpdateCompletedEventAttributes?.acceptedEventId), Number(accepted.eventId));
    assert.deepEqual(updateEvents(await eventTypes(handle)), ['WORKFLOW_EXECUTION_UPDATE_ACCEPTED', 'WORKFLOW_EXECUTION_UPDATE_COMPLETED']);
  });

  it('a validator rejection reaches the caller and records no update event', options, async () => {
    const client = await withMainWorker();
    const handle = await client.workflow.start(updatable, { taskQueue: mainQueue, workflowId: newId('update-reject'), args: [false] });
    const rejected = await handle.executeUpdate(addUpdate, { args: ['bad'] }).then(() => undefined, (error: unknown) => error);
    assert.equal(failureType(rejected), 'BadItem');
    await handle.executeUpdate(addUpdate, { args: ['good'] });
    await handle.signal(finishUpdatesSignal);
    assert.equal(await handle.result(), 'good');
    assert.deepEqual(updateEvents(await eventTypes(handle)), ['WORKFLOW_EXECUTION_UPDATE_ACCEPTED', 'WORKFLOW_EXECUTION_UPDATE_COMPLETED']);
  });

  it('a handler that fails after acceptance fails the update and records both events', options, async () => {
    const client = await withMainWorker();
    const handle = await client.workflow.start(updatable, { taskQueue: mainQueue, workflowId: newId('update-break'), args: [false] });
    const failed = await handle.executeUpdate(breakUpdate, { args: ['it broke'] }).then(() => undefined, (error: unknown) => error);
    assert.equal(failureType(failed), 'HandlerBroke');
    await handle.signal(finishUpdatesSignal);
    await handle.result();
    const history = await handle.fetchHistory();
    const completed = history.events?.find((e) => e.workflowExecutionUpdateCompletedEventAttributes);
    assert.equal(completed?.workflowExecutionUpdateCompletedEventAttributes?.outcome?.failure?.message, 'it broke');
  });

  it('an update started to the accepted stage returns early and its result is fetched later', options, async () => {
    const client = await withMainWorker();
    const workflowId = newId('update-async');
    const handle = await client.workflow.start(updatable, { taskQueue: mainQueue, workflowId, args: [false] });
    const update = await handle.startUpdate(waitForReleaseUpdate, { args: ['k'], waitForStage: WorkflowUpdateStage.ACCEPTED });
    assert.deepEqual(updateEvents(await eventTypes(handle)), ['WORKFLOW_EXECUTION_UPDATE_ACCEPTED'], 'accepted, not yet completed');
    await handle.signal(releaseSignal, 'k');
    assert.equal(await update.result(), 'released k');
    assert.equal(await client.workflow.getHandle(workflowId).getUpdateHandle<string>(update.updateId).result(), 'released k');
    await handle.signal(finishUpdatesSignal);
    assert.equal(await handle.result(), 'k');
  });

  it('a repeated update id gets the first outcome and is recorded once', options, async () => {
    const client = await withMainWorker();
    const handle = await client.workflow.start(updatable, { taskQueue: mainQueue, workflowId: newId('update-dedup'), args: [false] });
    assert.equal(await handle.executeUpdate(addUpdate, { args: ['x'], updateId: 'same-id' }), 1);
    assert.equal(await handle.executeUpdate(addUpdate, { args: ['y'], updateId: 'same-id' }), 1);
    const first = await handle.executeUpdate(addUpdate, { args: ['bad'], updateId: 'bad-id' }).then(() => undefined, (error: unknown) => error);
    const again = await handle.executeUpdate(addUpdate, { args: ['z'], updateId: 'bad-id' }).then(() => undefined, (error: unknown) => error);
    assert.equal(failureType(first), 'BadItem');
    assert.equal(failureType(again), 'BadItem', 'the repeated request of a rejected update gets the same rejection');
    await handle.signal(finishUpdatesSignal);
    assert.equal(await handle.result(), 'x');
    assert.equal(updateEvents(await eventTypes(handle)).filter((type) => type === 'WORKFLOW_EXECUTION_UPDATE_ACCEPTED').length, 1);
  });

  it('an update completes while an activity runs, and the activity finishes after', options, async () => {
    const client = await withMainWorker();
    const workflowId = newId('update-activity');
    const handle = await client.workflow.start(updatable, { taskQueue: mainQueue, workflowId, args: [true] });
    await holdStarted(workflowId);
    assert.equal(await handle.executeUpdate(addUpdate, { args: ['during'] }), 1);
    assert.equal((await handle.describe()).raw.pendingActivities?.length, 1);
    releaseHold(workflowId);
    await handle.signal(finishUpdatesSignal);
    assert.equal(await handle.result(), 'during,activity');
  });

  it('every update that succeeded while racing the completion is in the result', options, async () => {
    const client = await withMainWorker();
    const handle = await client.workflow.start(updatable, { taskQueue: mainQueue, workflowId: newId('update-race'), args: [false] });
    const sends = Array.from({ length: 8 }, (_, i) => i + 1).map(async (i) => {
      if (i === 4) {
        await handle.signal(finishUpdatesSignal);
        return undefined;
      }
      try {
        await handle.executeUpdate(addUpdate, { args: [`u${i}`] });
        return `u${i}`;
      } catch (error) {
        // Admitted after the run closed: the workflow never saw it, and the caller knows.
        assert.ok(error instanceof WorkflowNotFoundError, `an update racing the completion fails only as not found, got ${String(error)}`);
        return undefined;
      }
    });
    const succeeded = (await Promise.all(sends)).filter((item): item is string => item !== undefined);
    const result = (await handle.result()).split(',').filter((item) => item.length > 0);
    assert.deepEqual(new Set(result), new Set(succeeded));
  });

  it('an accepted update still running when the workflow completes fails as AcceptedUpdateCompletedWorkflow', options, async () => {
    const client = await withMainWorker();
    const handle = await client.workflow.start(updatable, { taskQueue: mainQueue, workflowId: newId('update-abandoned'), args: [false] });
    const update = await handle.startUpdate(waitForReleaseUpdate, { args: ['never'], waitForStage: WorkflowUpdateStage.ACCEPTED });
    await handle.signal(abandonSignal);
    await handle.result();
    const failed = await update.result().then(() => undefined, (error: unknown) => error);
    assert.equal(failureType(failed), 'AcceptedUpdateCompletedWorkflow');
  });

  it('an accepted update completes on a new worker after its worker was replaced', options, async () => {
    const client = await withMainWorker();
    const queue = newId('ts-update-restart');
    const first = await startWorker(queue);
    const handle = await client.workflow.start(updatable, { taskQueue: queue, workflowId: newId('update-restart'), args: [false] });
    const update = await handle.startUpdate(waitForReleaseUpdate, { args: ['after-restart'], waitForStage: WorkflowUpdateStage.ACCEPTED });
    await first.stop();
    await handle.signal(releaseSignal, 'after-restart');
    const second = await startWorker(queue);
    try {
      assert.equal(await update.result(), 'released after-restart');
      await handle.signal(finishUpdatesSignal);
      assert.equal(await handle.result(), 'after-restart');
    } finally {
      await second.stop();
    }
  });

  it('a history with every kind of update replays without a nondeterminism error', options, async () => {
    const client = await withMainWorker();
    const queue = newId('ts-update-replay');
    // Without a cache every workflow task replays the whole history, updates included.
    const worker = await startWorker(queue, { maxCachedWorkflows: 0 });
    try {
      const handle = await client.workflow.start(updatable, { taskQueue: queue, workflowId: newId('update-replay'), args: [false] });
      await handle.executeUpdate(addUpdate, { args: ['a'] });
      await assert.rejects(handle.executeUpdate(addUpdate, { args: ['bad'] }), WorkflowUpdateFailedError);
      await assert.rejects(handle.executeUpdate(breakUpdate, { args: ['no'] }), WorkflowUpdateFailedError);
      const later = await handle.startUpdate(waitForReleaseUpdate, { args: ['b'], waitForStage: WorkflowUpdateStage.ACCEPTED });
      await handle.signal(releaseSignal, 'b');
      await later.result();
      await handle.signal(finishUpdatesSignal);
      assert.equal(await handle.result(), 'a,b');
      await Worker.runReplayHistory({ workflowBundle: await workflowBundle() }, await handle.fetchHistory(), handle.workflowId);
    } finally {
      await worker.stop();
    }
  });

  it('update-with-start starts one run, then updates that same run', options, async () => {
    const client = await withMainWorker();
    const workflowId = newId('update-with-start');
    const startOptions = { taskQueue: mainQueue, workflowId, args: [false] as [boolean], workflowIdConflictPolicy: 'USE_EXISTING' as const };
    const start = new WithStartWorkflowOperation(updatable, startOptions);
    assert.equal(await client.workflow.executeUpdateWithStart(addUpdate, { args: ['first'], startWorkflowOperation: start }), 1);
    const again = new WithStartWorkflowOperation(updatable, startOptions);
    assert.equal(await client.workflow.executeUpdateWithStart(addUpdate, { args: ['second'], startWorkflowOperation: again }), 2);
    const firstHandle = await start.workflowHandle();
    await again.workflowHandle();
    await firstHandle.signal(finishUpdatesSignal);
    assert.equal(await firstHandle.result(), 'first,second');
    const history = await firstHandle.fetchHistory();
    assert.equal(history.events?.filter((e) => e.workflowExecutionStartedEventAttributes).length, 1, 'the second call reused the running run');
    // Started atomically with the update: the run's first workflow task carried it.
    assert.equal(Number(history.events?.find((e) => e.workflowExecutionUpdateAcceptedEventAttributes)?.eventId), 5);
  });

  it('update-with-start with the FAIL conflict policy on a running run fails as already started and updates nothing', options, async () => {
    const client = await withMainWorker();
    const workflowId = newId('update-with-start-fail');
    const handle = await client.workflow.start(updatable, { taskQueue: mainQueue, workflowId, args: [false] });
    const start = new WithStartWorkflowOperation(updatable, { taskQueue: mainQueue, workflowId, args: [false], workflowIdConflictPolicy: 'FAIL' });
    await assert.rejects(client.workflow.executeUpdateWithStart(addUpdate, { args: ['refused'], startWorkflowOperation: start }), WorkflowExecutionAlreadyStartedError);
    await handle.signal(finishUpdatesSignal);
    assert.equal(await handle.result(), '');
  });

  it('updates over the in-flight and the total limit are refused, naming the limit', options, async () => {
    // The .NET host sets this namespace's limits to 1 in flight and 2 in all (InProcessEngine).
    const limited = 'ts-update-limits';
    const base = await client();
    await base.workflowService.registerNamespace({ namespace: limited, workflowExecutionRetentionPeriod: msToTs('1 day') })
      .catch((error: { code?: number }) => assert.equal(error.code, ALREADY_EXISTS));
    // No retry interceptor: RESOURCE_EXHAUSTED would otherwise be retried for a while before it surfaces.
    const connection = await Connection.connect({ address, interceptors: [] });
    const queue = newId('ts-update-limits');
    const worker = await startWorker(queue, { namespace: limited });
    try {
      const limitedClient = new Client({ connection, namespace: limited });
      const handle = await limitedClient.workflow.start(updatable, { taskQueue: queue, workflowId: newId('update-limits'), args: [false] });
      const held = await handle.startUpdate(waitForReleaseUpdate, { args: ['held'], waitForStage: WorkflowUpdateStage.ACCEPTED });
      const inFlight = await handle.executeUpdate(addUpdate, { args: ['one too many'] }).then(() => undefined, (error: unknown) => error);
      assert.match(grpcDetails(inFlight), /history\.maxInFlightUpdates/);
      await handle.signal(releaseSignal, 'held');
      await held.result();
      assert.equal(await handle.executeUpdate(addUpdate, { args: ['second'] }), 2);
      const total = await handle.executeUpdate(addUpdate, { args: ['third'] }).then(() => undefined, (error: unknown) => error);
      assert.match(grpcDetails(total), /history\.maxTotalUpdates/);
      await handle.signal(finishUpdatesSignal);
      assert.equal(await handle.result(), 'held,second');
    } finally {
      await worker.stop();
      await connection.close();
    }
  });

  it('an update to a closed or an unknown workflow fails as not found', options, async () => {
    const client = await withMainWorker();
    const handle = await client.workflow.start(updatable, { taskQueue: mainQueue, workflowId: newId('update-closed'), args: [false] });
    await handle.signal(finishUpdatesSignal);
    await handle.result();
    await assert.rejects(handle.executeUpdate(addUpdate, { args: ['late'] }), WorkflowNotFoundError);
    await assert.rejects(client.workflow.getHandle(newId('nobody')).executeUpdate(addUpdate, { args: ['lost'] }), WorkflowNotFoundError);
  });
});
