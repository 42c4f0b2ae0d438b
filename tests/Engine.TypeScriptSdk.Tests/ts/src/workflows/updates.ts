// Workflow Update: collects items through updates until finished; a validator rejects 'bad' and
// empty items, one update fails after acceptance, one waits for a signal, one holds an activity
// open first. The result lists every item the workflow accepted, so a case can check none was lost.
import { allHandlersFinished, ApplicationFailure, condition, defineSignal, defineUpdate, proxyActivities, setHandler } from '@temporalio/workflow';
import type * as activities from '../activities';

export const addUpdate = defineUpdate<number, [string]>('add');
export const breakUpdate = defineUpdate<string, [string]>('break');
export const waitForReleaseUpdate = defineUpdate<string, [string]>('waitForRelease');
export const releaseSignal = defineSignal<[string]>('release');
export const finishUpdatesSignal = defineSignal('finishUpdates');
/** Completes the workflow at once, leaving any update still running unfinished. */
export const abandonSignal = defineSignal('abandon');

export async function updatable(holdActivity: boolean): Promise<string> {
  const items: string[] = [];
  const released = new Set<string>();
  let finished = false;
  let abandoned = false;
  setHandler(addUpdate, (item) => {
    items.push(item);
    return items.length;
  }, {
    validator: (item) => {
      if (!item || item === 'bad') {
        throw ApplicationFailure.create({ message: `item '${item}' is not accepted`, type: 'BadItem' });
      }
    },
  });
  setHandler(breakUpdate, (message) => {
    throw ApplicationFailure.create({ message, type: 'HandlerBroke' });
  });
  setHandler(waitForReleaseUpdate, async (key) => {
    await condition(() => released.has(key));
    items.push(key);
    return `released ${key}`;
  });
  setHandler(releaseSignal, (key) => {
    released.add(key);
  });
  setHandler(finishUpdatesSignal, () => {
    finished = true;
  });
  setHandler(abandonSignal, () => {
    abandoned = true;
  });
  if (holdActivity) {
    const { hold } = proxyActivities<typeof activities>({ startToCloseTimeout: '2m' });
    items.push(await hold());
  }
  await condition(() => (finished && allHandlersFinished()) || abandoned);
  return items.join(',');
}
