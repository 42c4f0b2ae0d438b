import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { WorkflowFailedError } from '@temporalio/client';
import { CancelledFailure, TerminatedFailure } from '@temporalio/common';
import { seen } from '../activities';
import { mainQueue, newId, withMainWorker } from '../harness';
import { accumulator, cancelExternal, cleanupOnCancel, signalExternal, waitForever } from '../workflows';

const options = { timeout: 60_000 };

describe('cancellation', { concurrency: true }, () => {
  it('a cancelled workflow runs its non-cancellable cleanup and ends cancelled', options, async () => {
    const client = await withMainWorker();
    const workflowId = newId('cleanup');
    const handle = await client.workflow.start(cleanupOnCancel, { taskQueue: mainQueue, workflowId });
    // Cancelled before or after its first task, the workflow's sleep throws and cleanup runs.
    await handle.cancel();
    await assert.rejects(handle.result(), (error) => error instanceof WorkflowFailedError && error.cause instanceof CancelledFailure);
    assert.equal(seen.get(workflowId)?.length, 1, 'the cleanup activity ran once');
    assert.equal((await handle.describe()).status.name, 'CANCELLED');
  });

  it('terminate ends a run at once, with its reason', options, async () => {
    const client = await withMainWorker();
    const handle = await client.workflow.start(waitForever, { taskQueue: mainQueue, workflowId: newId('terminate') });
    await handle.terminate('enough');
    await assert.rejects(handle.result(), (error) => error instanceof WorkflowFailedError && error.cause instanceof TerminatedFailure && error.cause.message === 'enough');
    assert.equal((await handle.describe()).status.name, 'TERMINATED');
  });

  it('a workflow signals another one by id', options, async () => {
    const client = await withMainWorker();
    const target = await client.workflow.start(accumulator, { taskQueue: mainQueue, workflowId: newId('signal-target') });
    await client.workflow.execute(signalExternal, { taskQueue: mainQueue, workflowId: newId('signaller'), args: [target.workflowId] });
    assert.equal(await target.result(), 42);
  });

  it('a workflow cancels another one by id', options, async () => {
    const client = await withMainWorker();
    const target = await client.workflow.start(waitForever, { taskQueue: mainQueue, workflowId: newId('cancel-target') });
    await client.workflow.execute(cancelExternal, { taskQueue: mainQueue, workflowId: newId('canceller'), args: [target.workflowId] });
    await assert.rejects(target.result(), (error) => error instanceof WorkflowFailedError && error.cause instanceof CancelledFailure);
  });
});
