import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { WorkflowFailedError } from '@temporalio/client';
import { mainQueue, newId, waitFor, withMainWorker } from '../harness';
import { echo, flakyWorkflow, parentOfFlakyChild, pendingWork, tree } from '../workflows';

const options = { timeout: 60_000 };

describe('retries-and-trees', { concurrency: true }, () => {
  it('a failing workflow is retried under its retry policy and the client follows to the result', options, async () => {
    const client = await withMainWorker();
    const handle = await client.workflow.start(flakyWorkflow, {
      taskQueue: mainQueue,
      workflowId: newId('flaky-workflow'),
      args: [2],
      retry: { initialInterval: '100ms', maximumAttempts: 5 },
    });
    assert.equal(await handle.result(), 3);
  });

  it('a workflow that runs out of attempts fails', options, async () => {
    const client = await withMainWorker();
    const handle = await client.workflow.start(flakyWorkflow, {
      taskQueue: mainQueue,
      workflowId: newId('flaky-exhausted'),
      args: [5],
      retry: { initialInterval: '100ms', maximumAttempts: 2 },
    });
    await assert.rejects(handle.result(), (error) => error instanceof WorkflowFailedError && error.retryState === 'MAXIMUM_ATTEMPTS_REACHED');
  });

  it('a child retried under its retry policy returns from its last attempt', options, async () => {
    const client = await withMainWorker();
    assert.equal(await client.workflow.execute(parentOfFlakyChild, { taskQueue: mainQueue, workflowId: newId('flaky-parent'), args: [2] }), 3);
  });

  it('a grandchild names the top-level workflow as its root', options, async () => {
    const client = await withMainWorker();
    const workflowId = newId('tree');
    const handle = await client.workflow.start(tree, { taskQueue: mainQueue, workflowId, args: [2] });
    assert.equal(await handle.result(), 2);
    const grandchild = await client.workflow.getHandle(`${workflowId}-c-c`).describe();
    assert.equal(grandchild.rootExecution?.workflowId, workflowId);
    assert.equal(grandchild.rootExecution?.runId, handle.firstExecutionRunId);
    assert.equal(grandchild.parentExecution?.workflowId, `${workflowId}-c`);
  });

  it('describe lists a pending activity and child, and closing the parent terminates the child', options, async () => {
    const client = await withMainWorker();
    const childId = newId('pending-child');
    const handle = await client.workflow.start(pendingWork, { taskQueue: mainQueue, workflowId: newId('pending'), args: [childId, newId('idle')] });
    const raw = await waitFor('the activity and the started child to be pending', async () => {
      const { raw } = await handle.describe();
      return raw.pendingActivities?.length && raw.pendingChildren?.[0]?.runId ? raw : undefined;
    });
    assert.equal(raw.pendingActivities?.[0]?.activityType?.name, 'greet');
    assert.equal(raw.pendingChildren?.[0]?.workflowId, childId);
    await handle.terminate('parent done');
    await waitFor('the parent close policy to terminate the child', async () =>
      (await client.workflow.getHandle(childId).describe()).status.name === 'TERMINATED' ? true : undefined);
  });

  it('a cron workflow runs again on schedule until terminated', options, async () => {
    const client = await withMainWorker();
    const workflowId = newId('cron');
    const first = await client.workflow.start(echo, { taskQueue: mainQueue, workflowId, args: ['cron'], cronSchedule: '@every 1s' });
    const firstRun = client.workflow.getHandle(workflowId, first.firstExecutionRunId, { followRuns: false });
    assert.equal((await firstRun.result()).value, 'cron');
    await waitFor('the next cron run to start', async () =>
      (await client.workflow.getHandle(workflowId).describe()).runId !== first.firstExecutionRunId ? true : undefined);
    await client.workflow.getHandle(workflowId).terminate('cron done');
  });
});
