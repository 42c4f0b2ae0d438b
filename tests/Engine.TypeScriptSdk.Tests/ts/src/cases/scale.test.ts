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

  it('a worker shuts down promptly: the server ends its open polls', { timeout: 60_000 }, async () => {
    const client = await withMainWorker();
    const queue = newId('ts-shutdown');
    const worker = await startWorker(queue);
    assert.equal(await client.workflow.execute(greeting, { taskQueue: queue, workflowId: newId('before-shutdown'), args: ['x'] }), 'Hello, x!');
    // The namespace declares worker_poll_complete_on_shutdown, so the worker waits for its polls to
    // return rather than abandoning them; the server holds an idle poll 60 s unless it ends them.
    await Promise.race([
      worker.stop(),
      new Promise((_, reject) => setTimeout(() => reject(new Error('the worker did not stop within 15 s: its polls were not ended')), 15_000).unref()),
    ]);
  });
});
