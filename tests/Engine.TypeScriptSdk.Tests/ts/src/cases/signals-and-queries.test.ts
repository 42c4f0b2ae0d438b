import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { QueryNotRegisteredError } from '@temporalio/client';
import { defineQuery } from '@temporalio/workflow';
import { mainQueue, newId, withMainWorker } from '../harness';
import { accumulator, addSignal, finishSignal, infoQuery, totalQuery } from '../workflows';

const options = { timeout: 60_000 };

describe('signals-and-queries', { concurrency: true }, () => {
  it('signals are delivered in order and queries answer on the running and the closed run', options, async () => {
    const client = await withMainWorker();
    const workflowId = newId('signals');
    const handle = await client.workflow.start(accumulator, { taskQueue: mainQueue, workflowId });
    await handle.signal(addSignal, 1);
    await handle.signal(addSignal, 2);
    await handle.signal(addSignal, 3);
    // Signals a worker has not seen yet are in history before the query's task, so it sees them.
    assert.equal(await handle.query(totalQuery), 6);
    assert.deepEqual((await handle.query(infoQuery)).workflowId, workflowId);
    await handle.signal(finishSignal);
    assert.equal(await handle.result(), 6);
    assert.equal(await handle.query(totalQuery), 6, 'a closed run still answers queries');
  });

  it('a query the workflow does not know fails with QueryNotRegisteredError', options, async () => {
    const client = await withMainWorker();
    const handle = await client.workflow.start(accumulator, { taskQueue: mainQueue, workflowId: newId('unknown-query') });
    await assert.rejects(handle.query(defineQuery<number>('nope')), (error) => error instanceof QueryNotRegisteredError || (error as Error).message.includes('nope'));
    await handle.signal(finishSignal);
    assert.equal(await handle.result(), 0);
  });

  it('signal-with-start starts a run and signals it, then signals the same run', options, async () => {
    const client = await withMainWorker();
    const workflowId = newId('signal-with-start');
    const first = await client.workflow.signalWithStart(accumulator, { taskQueue: mainQueue, workflowId, signal: addSignal, signalArgs: [10] });
    const second = await client.workflow.signalWithStart(accumulator, { taskQueue: mainQueue, workflowId, signal: addSignal, signalArgs: [5] });
    assert.equal(second.signaledRunId, first.signaledRunId, 'the second signal-with-start reaches the running run');
    await first.signal(finishSignal);
    assert.equal(await first.result(), 15);
  });

  it('every signal the server accepted is in the result, even those racing the completion', options, async () => {
    const client = await withMainWorker();
    const handle = await client.workflow.start(accumulator, { taskQueue: mainQueue, workflowId: newId('signal-race') });
    // Signals that reach a run whose completion is in flight must make the server reject the
    // completion (UnhandledCommand), so the workflow sees them before it returns.
    const sends = Array.from({ length: 20 }, (_, i) => i + 1).map(async (value) => {
      if (value === 10) {
        await handle.signal(finishSignal);
        return 0;
      }
      await handle.signal(addSignal, value);
      return value;
    });
    const settled = await Promise.allSettled(sends);
    const accepted = settled.reduce((sum, outcome) => sum + (outcome.status === 'fulfilled' ? outcome.value : 0), 0);
    assert.equal(await handle.result(), accepted);
  });
});
