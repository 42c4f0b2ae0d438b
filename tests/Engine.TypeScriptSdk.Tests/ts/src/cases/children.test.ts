import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { WorkflowContinuedAsNewError } from '@temporalio/client';
import { mainQueue, newId, withMainWorker } from '../harness';
import { countUp, parent, parentCancelsChild, parentOfFailingChild } from '../workflows';

const options = { timeout: 60_000 };

describe('children', { concurrency: true }, () => {
  it('a child workflow returns its result to the parent', options, async () => {
    const client = await withMainWorker();
    const workflowId = newId('parent');
    assert.equal(await client.workflow.execute(parent, { taskQueue: mainQueue, workflowId, args: ['x'] }), `child x of ${workflowId}`);
    const child = await client.workflow.getHandle(`${workflowId}-child`).describe();
    assert.equal(child.status.name, 'COMPLETED');
    assert.equal(child.parentExecution?.workflowId, workflowId);
  });

  it('a failed child reaches the parent as ChildWorkflowFailure with its cause', options, async () => {
    const client = await withMainWorker();
    const workflowId = newId('parent-fail');
    const outcome = await client.workflow.execute(parentOfFailingChild, { taskQueue: mainQueue, workflowId });
    assert.deepEqual(outcome, { failed: true, childWorkflowId: `${workflowId}-child`, causeType: 'ChildBroke', message: 'child gave up' });
  });

  it('a parent cancels its child and sees it cancelled', options, async () => {
    const client = await withMainWorker();
    const workflowId = newId('parent-cancel');
    const outcome = await client.workflow.execute(parentCancelsChild, { taskQueue: mainQueue, workflowId });
    assert.equal(outcome.cancelled, true, JSON.stringify(outcome));
    assert.equal((await client.workflow.getHandle(`${workflowId}-child`).describe()).status.name, 'CANCELLED');
  });

  it('continue-as-new chains runs and the client follows them to the last result', options, async () => {
    const client = await withMainWorker();
    const workflowId = newId('continue');
    const handle = await client.workflow.start(countUp, { taskQueue: mainQueue, workflowId, args: [0, 3] });
    assert.deepEqual(await handle.result(), { count: 3, runs: 4 });
    const first = await client.workflow.getHandle(workflowId, handle.firstExecutionRunId).describe();
    assert.equal(first.status.name, 'CONTINUED_AS_NEW');
    const last = await client.workflow.getHandle(workflowId).describe();
    assert.equal(last.status.name, 'COMPLETED');
    assert.notEqual(last.runId, handle.firstExecutionRunId);
    await assert.rejects(client.workflow.getHandle(workflowId, handle.firstExecutionRunId, { followRuns: false }).result(), WorkflowContinuedAsNewError);
  });
});
