import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Client, WorkflowFailedError, WorkflowNotFoundError } from '@temporalio/client';
import { msToTs } from '@temporalio/common/lib/time';
import { WorkflowExecutionAlreadyStartedError, WorkflowIdConflictPolicy, WorkflowIdReusePolicy } from '@temporalio/common';
import { mainQueue, newId, withMainWorker, workerConnection } from '../harness';
import { echo, failing, sleeper, waitForever } from '../workflows';
import { namespace } from '../env';

const options = { timeout: 60_000 };

describe('lifecycle', { concurrency: true }, () => {
  it('a second start of a running id fails, unless the conflict policy uses or replaces the run', options, async () => {
    const client = await withMainWorker();
    const workflowId = newId('conflict');
    const first = await client.workflow.start(waitForever, { taskQueue: mainQueue, workflowId });
    await assert.rejects(client.workflow.start(waitForever, { taskQueue: mainQueue, workflowId }), WorkflowExecutionAlreadyStartedError);
    const existing = await client.workflow.start(waitForever, { taskQueue: mainQueue, workflowId, workflowIdConflictPolicy: WorkflowIdConflictPolicy.USE_EXISTING });
    assert.equal(existing.firstExecutionRunId, first.firstExecutionRunId);
    const replacing = await client.workflow.start(waitForever, { taskQueue: mainQueue, workflowId, workflowIdConflictPolicy: WorkflowIdConflictPolicy.TERMINATE_EXISTING });
    assert.notEqual(replacing.firstExecutionRunId, first.firstExecutionRunId);
    assert.equal((await client.workflow.getHandle(workflowId, first.firstExecutionRunId).describe()).status.name, 'TERMINATED');
    await replacing.terminate('cleanup');
  });

  it('reuse policies decide whether a closed id starts again', options, async () => {
    const client = await withMainWorker();
    const completedId = newId('reuse-completed');
    await client.workflow.execute(echo, { taskQueue: mainQueue, workflowId: completedId, args: ['one'] });
    await assert.rejects(
      client.workflow.start(echo, { taskQueue: mainQueue, workflowId: completedId, args: ['two'], workflowIdReusePolicy: WorkflowIdReusePolicy.REJECT_DUPLICATE }),
      WorkflowExecutionAlreadyStartedError);
    await assert.rejects(
      client.workflow.start(echo, { taskQueue: mainQueue, workflowId: completedId, args: ['two'], workflowIdReusePolicy: WorkflowIdReusePolicy.ALLOW_DUPLICATE_FAILED_ONLY }),
      WorkflowExecutionAlreadyStartedError);
    const again = await client.workflow.execute(echo, { taskQueue: mainQueue, workflowId: completedId, args: ['three'], workflowIdReusePolicy: WorkflowIdReusePolicy.ALLOW_DUPLICATE });
    assert.equal(again.value, 'three');

    const failedId = newId('reuse-failed');
    await assert.rejects(client.workflow.execute(failing, { taskQueue: mainQueue, workflowId: failedId, args: ['no'] }), WorkflowFailedError);
    const retried = await client.workflow.execute(echo, { taskQueue: mainQueue, workflowId: failedId, args: ['after failure'], workflowIdReusePolicy: WorkflowIdReusePolicy.ALLOW_DUPLICATE_FAILED_ONLY });
    assert.equal(retried.value, 'after failure');
  });

  it('an execution timeout ends the run as timed out', options, async () => {
    const client = await withMainWorker();
    const handle = await client.workflow.start(sleeper, { taskQueue: mainQueue, workflowId: newId('exec-timeout'), args: [60_000], workflowExecutionTimeout: '1s' });
    await assert.rejects(handle.result(), WorkflowFailedError);
    assert.equal((await handle.describe()).status.name, 'TIMED_OUT');
  });

  it('a start delay holds the first workflow task back', options, async () => {
    const client = await withMainWorker();
    const handle = await client.workflow.start(echo, { taskQueue: mainQueue, workflowId: newId('start-delay'), args: ['late'], startDelay: '1s' });
    const history = await handle.fetchHistory();
    const started = history.events?.[0]?.workflowExecutionStartedEventAttributes;
    assert.equal(Number(started?.firstWorkflowTaskBackoff?.seconds ?? 0), 1);
    const description = await handle.describe();
    assert.ok(description.executionTime && description.executionTime.getTime() - description.startTime.getTime() >= 1_000,
      `execution time ${description.executionTime?.toISOString()} is a second after start ${description.startTime.toISOString()}`);
    assert.equal((await handle.result()).value, 'late');
  });

  it('an eager start hands the first task to the worker of the same connection', options, async () => {
    await withMainWorker();
    const eagerClient = new Client({ connection: await workerConnection(), namespace });
    const handle = await eagerClient.workflow.start(echo, { taskQueue: mainQueue, workflowId: newId('eager'), args: ['eager'], requestEagerStart: true });
    assert.equal(handle.eagerlyStarted, true);
    assert.equal((await handle.result()).value, 'eager');
  });

  it('history read newest first comes in pages, every event once', options, async () => {
    const client = await withMainWorker();
    const workflowId = newId('reverse');
    await client.workflow.execute(echo, { taskQueue: mainQueue, workflowId, args: ['reverse'] });
    const forward = (await client.workflow.getHandle(workflowId).fetchHistory()).events!.map((e) => Number(e.eventId));
    const reverse: number[] = [];
    let nextPageToken: Uint8Array | undefined;
    let pages = 0;
    do {
      const page = await client.workflowService.getWorkflowExecutionHistoryReverse({ namespace, execution: { workflowId }, maximumPageSize: 3, nextPageToken });
      const events = page.history?.events ?? [];
      assert.ok(events.length >= 1 && events.length <= 3, `a page of ${events.length} events`);
      reverse.push(...events.map((e) => Number(e.eventId)));
      nextPageToken = page.nextPageToken && page.nextPageToken.length > 0 ? page.nextPageToken : undefined;
      pages++;
    } while (nextPageToken);
    assert.deepEqual(reverse, [...forward].reverse());
    assert.equal(pages, Math.ceil(forward.length / 3));
  });
  it('DeleteWorkflowExecution terminates a running run and deletes it, keeps other runs, and answers NOT_FOUND for an unknown run', options, async () => {
    const client = await withMainWorker();
    const deleted = await client.workflow.start(waitForever, { taskQueue: mainQueue, workflowId: newId('delete-running') });
    const kept = await client.workflow.start(waitForever, { taskQueue: mainQueue, workflowId: newId('delete-kept') });
    await client.workflowService.deleteWorkflowExecution({ namespace, workflowExecution: { workflowId: deleted.workflowId } });

    await assert.rejects(client.workflow.getHandle(deleted.workflowId, deleted.firstExecutionRunId).describe(), WorkflowNotFoundError);
    // fetchHistory passes the gRPC error through unwrapped.
    await assert.rejects(client.workflow.getHandle(deleted.workflowId, deleted.firstExecutionRunId).fetchHistory(), (error: { code: number }) => error.code === 5);
    const listed: string[] = [];
    for await (const execution of client.workflow.list({ query: `WorkflowId = '${deleted.workflowId}'` })) listed.push(execution.runId);
    assert.deepEqual(listed, []);
    assert.equal((await kept.describe()).status.name, 'RUNNING');
    await assert.rejects(
      client.workflowService.deleteWorkflowExecution({ namespace, workflowExecution: { workflowId: kept.workflowId, runId: '0b5f8a52-3c1e-4d8f-9a3e-6f1d2c4b5a69' } }),
      (error: { code: number }) => error.code === 5);
    await assert.rejects(
      client.workflowService.deleteWorkflowExecution({ namespace, workflowExecution: { workflowId: newId('delete-unknown') } }),
      (error: { code: number }) => error.code === 5);
    await kept.terminate('cleanup');
  });

  it('a namespace retention under the one-day minimum is refused with INVALID_ARGUMENT', options, async () => {
    const { workflowService } = await withMainWorker();
    await assert.rejects(
      workflowService.registerNamespace({ namespace: newId('ns-short-retention'), workflowExecutionRetentionPeriod: msToTs('1 hour') }),
      (error: { code: number; details: string }) => error.code === 3 && error.details.includes('frontend.namespaceMinRetention'));
  });
});
