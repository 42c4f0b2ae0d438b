import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { whenSeen } from '../activities';
import { mainQueue, newId, startWorker, withMainWorker } from '../harness';
import { finishSignal, greeting, twoSteps } from '../workflows';

describe('scale', () => {
  it('a hundred workflows run at once and all complete', { timeout: 120_000 }, async () => {
    const client = await withMainWorker();
    const prefix = newId('many');
    const results = await Promise.all(Array.from({ length: 100 }, (_, i) =>
      client.workflow.execute(greeting, { taskQueue: mainQueue, workflowId: `${prefix}-${i}`, args: [`#${i}`] })));
    assert.equal(results.length, 100);
    assert.equal(results[42], 'Hello, #42!');
  });

  it('a workflow survives its worker being replaced mid-run', { timeout: 120_000 }, async () => {
    const client = await withMainWorker();
    const queue = newId('ts-restart');
    const workflowId = newId('restart');
    const first = await startWorker(queue);
    const handle = await client.workflow.start(twoSteps, { taskQueue: queue, workflowId, args: ['step'] });
    await whenSeen(workflowId, 1);
    await first.stop();
    await handle.signal(finishSignal);
    // A new worker has no cache: it replays the history the first one made, then finishes.
    const second = await startWorker(queue);
    try {
      assert.deepEqual(await handle.result(), ['Hello, step 1!', 'Hello, step 2!']);
    } finally {
      await second.stop();
    }
  });
});
