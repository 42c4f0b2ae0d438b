import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { eventTypes, mainQueue, newId, withMainWorker } from '../harness';
import { cancelledTimer, timer } from '../workflows';

const options = { timeout: 60_000 };

describe('timers', { concurrency: true }, () => {
  it('a timer fires after its duration', options, async () => {
    const client = await withMainWorker();
    const handle = await client.workflow.start(timer, { taskQueue: mainQueue, workflowId: newId('timer'), args: [500] });
    const elapsed = await handle.result();
    assert.ok(elapsed >= 500, `workflow time moved ${elapsed} ms across a 500 ms timer`);
    const types = await eventTypes(handle);
    assert.ok(types.includes('TIMER_STARTED') && types.includes('TIMER_FIRED'), types.join(','));
  });

  it('a cancelled timer is recorded as cancelled and never fires', options, async () => {
    const client = await withMainWorker();
    const handle = await client.workflow.start(cancelledTimer, { taskQueue: mainQueue, workflowId: newId('timer-cancel') });
    assert.equal(await handle.result(), 'cancelled');
    const types = await eventTypes(handle);
    assert.ok(types.includes('TIMER_CANCELED'), types.join(','));
  });
});
