import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Worker } from '@temporalio/worker';
import { mainQueue, newId, startWorker, withMainWorker, workflowBundle } from '../harness';
import { accumulator, addSignal, cancelledTimer, finishSignal, greeting, parent, patchedSteps, proceedSignal } from '../workflows';

const options = { timeout: 90_000 };

describe('replay', { concurrency: true }, () => {
  it('a patched workflow replays down the patched branch on a worker that keeps no cache', options, async () => {
    const client = await withMainWorker();
    const queue = newId('ts-no-cache');
    // Without a cache every workflow task replays the whole history, patch markers included.
    const worker = await startWorker(queue, { maxCachedWorkflows: 0 });
    try {
      const handle = await client.workflow.start(patchedSteps, { taskQueue: queue, workflowId: newId('patched') });
      await handle.signal(proceedSignal);
      assert.deepEqual(await handle.result(), ['Hello, patched!', 'Hello, always!', 'Hello, after signal!']);
      const history = await handle.fetchHistory();
      const markers = history.events?.filter((e) => e.markerRecordedEventAttributes) ?? [];
      assert.ok(markers.length >= 1, 'the patch is recorded as a marker');
      await Worker.runReplayHistory({ workflowBundle: await workflowBundle() }, history, handle.workflowId);
    } finally {
      await worker.stop();
    }
  });

  it('Worker.runReplayHistory replays fetched histories without a nondeterminism error', options, async () => {
    const client = await withMainWorker();
    const runs = await Promise.all([
      client.workflow.start(greeting, { taskQueue: mainQueue, workflowId: newId('replay-activity'), args: ['replay'] }),
      client.workflow.start(cancelledTimer, { taskQueue: mainQueue, workflowId: newId('replay-timer') }),
      client.workflow.start(parent, { taskQueue: mainQueue, workflowId: newId('replay-child'), args: ['replay'] }),
      (async () => {
        const handle = await client.workflow.start(accumulator, { taskQueue: mainQueue, workflowId: newId('replay-signals') });
        await handle.signal(addSignal, 7);
        await handle.signal(finishSignal);
        return handle;
      })(),
    ]);
    const bundle = await workflowBundle();
    for (const handle of runs) {
      await handle.result();
      const history = await handle.fetchHistory();
      await Worker.runReplayHistory({ workflowBundle: bundle }, history, handle.workflowId);
    }
  });
});
