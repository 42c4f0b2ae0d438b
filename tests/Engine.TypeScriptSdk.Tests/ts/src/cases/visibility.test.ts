import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { mainQueue, newId, withMainWorker } from '../harness';
import { accumulator, customKeyword, echo, finishSignal, upserts } from '../workflows';

const options = { timeout: 60_000 };

describe('visibility', { concurrency: true }, () => {
  it('describe shows a running and then a closed run, with its memo', options, async () => {
    const client = await withMainWorker();
    const workflowId = newId('describe');
    const handle = await client.workflow.start(accumulator, { taskQueue: mainQueue, workflowId, memo: { owner: 'ts', count: 3 } });
    const running = await handle.describe();
    assert.equal(running.status.name, 'RUNNING');
    assert.equal(running.type, 'accumulator');
    assert.equal(running.taskQueue, mainQueue);
    assert.equal(running.workflowId, workflowId);
    assert.equal(running.runId, handle.firstExecutionRunId);
    assert.deepEqual(running.memo, { owner: 'ts', count: 3 });
    assert.equal(running.closeTime, undefined);
    await handle.signal(finishSignal);
    await handle.result();
    const closed = await handle.describe();
    assert.equal(closed.status.name, 'COMPLETED');
    assert.ok(closed.closeTime, 'a closed run has a close time');
    assert.ok(closed.historyLength > 3, `history length ${closed.historyLength}`);
  });

  it('list and count find runs by id prefix and status', options, async () => {
    const client = await withMainWorker();
    const prefix = newId('listed');
    await Promise.all(['a', 'b', 'c'].map((suffix) => client.workflow.execute(echo, { taskQueue: mainQueue, workflowId: `${prefix}-${suffix}`, args: [suffix] })));
    const running = await client.workflow.start(accumulator, { taskQueue: mainQueue, workflowId: `${prefix}-running` });
    const listed: string[] = [];
    for await (const execution of client.workflow.list({ query: `WorkflowId STARTS_WITH '${prefix}'` })) {
      listed.push(execution.workflowId);
    }
    assert.deepEqual(listed.sort(), [`${prefix}-a`, `${prefix}-b`, `${prefix}-c`, `${prefix}-running`]);
    const completed = await client.workflow.count(`WorkflowId STARTS_WITH '${prefix}' AND ExecutionStatus = 'Completed'`);
    assert.equal(completed.count, 3);
    await running.terminate('cleanup');
  });

  it('search attributes set at start and upserted by the workflow show in describe', options, async () => {
    const client = await withMainWorker();
    const handle = await client.workflow.start(upserts, {
      taskQueue: mainQueue,
      workflowId: newId('search-attributes'),
      typedSearchAttributes: [{ key: customKeyword, value: 'at start' }],
      memo: { note: 'at start' },
    });
    const seenByWorkflow = await handle.result();
    assert.equal(seenByWorkflow.keyword, 'upserted');
    assert.deepEqual(seenByWorkflow.memo, { note: 'from the workflow' });
    const description = await handle.describe();
    assert.equal(description.typedSearchAttributes.get(customKeyword), 'upserted');
    const listed = [];
    for await (const execution of client.workflow.list({ query: `WorkflowId = '${handle.workflowId}'` })) {
      listed.push(execution.typedSearchAttributes.get(customKeyword));
    }
    assert.deepEqual(listed, ['upserted']);
    assert.deepEqual(description.memo, { note: 'from the workflow' });
  });
});
