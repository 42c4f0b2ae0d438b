// Child workflows, continue-as-new, cancellation scopes, external signals and cancels.
import {
  ApplicationFailure,
  CancellationScope,
  ChildWorkflowFailure,
  continueAsNew,
  executeChild,
  getExternalWorkflowHandle,
  isCancellation,
  proxyActivities,
  sleep,
  startChild,
  workflowInfo,
} from '@temporalio/workflow';
import type * as activities from '../activities';
import { addSignal, finishSignal, waitForever } from './basics';

export async function child(value: string): Promise<string> {
  const info = workflowInfo();
  return `child ${value} of ${info.parent?.workflowId ?? 'nobody'}`;
}

export async function failingChild(message: string): Promise<never> {
  throw ApplicationFailure.nonRetryable(message, 'ChildBroke');
}

export async function parent(value: string): Promise<string> {
  return await executeChild(child, { args: [value], workflowId: `${workflowInfo().workflowId}-child` });
}

export async function parentOfFailingChild(): Promise<Record<string, unknown>> {
  try {
    await executeChild(failingChild, { args: ['child gave up'], workflowId: `${workflowInfo().workflowId}-child` });
    return { failed: false };
  } catch (error) {
    if (!(error instanceof ChildWorkflowFailure)) {
      throw error;
    }
    const cause = error.cause;
    return {
      failed: true,
      childWorkflowId: error.execution.workflowId,
      causeType: cause instanceof ApplicationFailure ? cause.type : undefined,
      message: cause?.message,
    };
  }
}

/** Starts a child that waits forever, then cancels it: the parent sees a cancelled child. */
export async function parentCancelsChild(): Promise<Record<string, unknown>> {
  const scope = new CancellationScope();
  const handle = await scope.run(() => startChild(waitForever, { workflowId: `${workflowInfo().workflowId}-child` }));
  scope.cancel();
  try {
    await handle.result();
    return { cancelled: false };
  } catch (error) {
    return { cancelled: error instanceof ChildWorkflowFailure && isCancellation(error.cause), name: (error as Error).name };
  }
}

/** Counts up through continue-as-new runs and returns the count on the last. */
export async function countUp(count: number, target: number): Promise<{ count: number; runs: number }> {
  if (count < target) {
    await continueAsNew<typeof countUp>(count + 1, target);
  }
  return { count, runs: target + 1 };
}

/** Waits for cancellation, then runs a cleanup activity that the cancellation cannot stop, and rethrows. */
export async function cleanupOnCancel(): Promise<void> {
  const { cleanup } = proxyActivities<typeof activities>({ startToCloseTimeout: '10s' });
  try {
    await sleep('1h');
  } catch (error) {
    if (isCancellation(error)) {
      await CancellationScope.nonCancellable(() => cleanup(workflowInfo().workflowId));
    }
    throw error;
  }
}

/** Signals another workflow (an accumulator) and then tells it to finish. */
export async function signalExternal(targetId: string): Promise<void> {
  const target = getExternalWorkflowHandle(targetId);
  await target.signal(addSignal, 40);
  await target.signal(addSignal, 2);
  await target.signal(finishSignal);
}

/** Cancels another workflow by id. */
export async function cancelExternal(targetId: string): Promise<void> {
  await getExternalWorkflowHandle(targetId).cancel();
}


/** Signals another workflow once; returns 'delivered', or the message of the failure the SDK raised when the signal failed. */
export async function signalOther(targetId: string): Promise<string> {
  try {
    await getExternalWorkflowHandle(targetId).signal('poke');
    return 'delivered';
  } catch (error) {
    return (error as Error).message;
  }
}
