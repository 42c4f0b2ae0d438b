// Timers, signals, queries, waiting, and workflows that just sit there for the client to act on.
import { ApplicationFailure, CancellationScope, condition, defineQuery, defineSignal, isCancellation, proxyActivities, setHandler, sleep, workflowInfo } from '@temporalio/workflow';
import type * as activities from '../activities';

export const addSignal = defineSignal<[number]>('add');
export const finishSignal = defineSignal('finish');
export const totalQuery = defineQuery<number>('total');
export const infoQuery = defineQuery<{ workflowId: string; attempt: number; historyLength: number }>('info');

export async function timer(ms: number): Promise<number> {
  const started = Date.now();
  await sleep(ms);
  return Date.now() - started;
}

/** Starts a long timer and cancels it: the history holds TimerStarted then TimerCanceled. */
export async function cancelledTimer(): Promise<string> {
  const scope = new CancellationScope();
  const waiting = scope.run(() => sleep('1h'));
  await sleep('50ms');
  scope.cancel();
  try {
    await waiting;
    return 'fired';
  } catch (error) {
    if (isCancellation(error)) {
      return 'cancelled';
    }
    throw error;
  }
}

/** Sums 'add' signals until 'finish'; 'total' answers at any time, before and after the end. */
export async function accumulator(): Promise<number> {
  let total = 0;
  let finished = false;
  setHandler(addSignal, (value) => {
    total += value;
  });
  setHandler(finishSignal, () => {
    finished = true;
  });
  setHandler(totalQuery, () => total);
  setHandler(infoQuery, () => ({ workflowId: workflowInfo().workflowId, attempt: workflowInfo().attempt, historyLength: workflowInfo().historyLength }));
  await condition(() => finished);
  return total;
}

/** Waits until cancelled or terminated. */
export async function waitForever(): Promise<void> {
  await condition(() => false);
}

/** Sleeps, for the execution-timeout case. */
export async function sleeper(ms: number): Promise<string> {
  await sleep(ms);
  return 'woke';
}

/** Returns at once with what it was started with. */
export async function echo(value: string): Promise<{ value: string; attempt: number; runId: string; firstRunId: string }> {
  const info = workflowInfo();
  return { value, attempt: info.attempt, runId: info.runId, firstRunId: info.firstExecutionRunId };
}

/** A step (an activity), then waits for 'finish', then another step: for the worker-restart case. */
export async function twoSteps(name: string): Promise<string[]> {
  const { greet } = proxyActivities<typeof activities>({ startToCloseTimeout: '30s' });
  let finished = false;
  setHandler(finishSignal, () => {
    finished = true;
  });
  const first = await greet(`${name} 1`);
  await condition(() => finished);
  const second = await greet(`${name} 2`);
  return [first, second];
}

/** Fails the workflow (for id-reuse policies that look at how the previous run closed). */
export async function failing(message: string): Promise<never> {
  // A plain Error would fail the workflow task and be retried; a failure fails the run.
  throw ApplicationFailure.nonRetryable(message, 'Failing');
}
