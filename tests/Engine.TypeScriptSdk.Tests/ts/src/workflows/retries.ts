// Workflow-level retries, child trees and pending work, cron.
import { ApplicationFailure, condition, executeChild, proxyActivities, startChild, workflowInfo } from '@temporalio/workflow';
import type * as activities from '../activities';
import { waitForever } from './basics';

/** Fails its first `failures` attempts (under the start's retry policy), then returns its attempt. */
export async function flakyWorkflow(failures: number): Promise<number> {
  const { attempt } = workflowInfo();
  if (attempt <= failures) {
    throw ApplicationFailure.retryable(`attempt ${attempt} fails`, 'FlakyWorkflow');
  }
  return attempt;
}

/** Runs a flaky child under a retry policy and returns the attempt the child succeeded on. */
export async function parentOfFlakyChild(failures: number): Promise<number> {
  return await executeChild(flakyWorkflow, {
    args: [failures],
    workflowId: `${workflowInfo().workflowId}-child`,
    retry: { initialInterval: '100ms', maximumAttempts: failures + 1 },
  });
}

/** A chain of children `depth` deep (ids `<id>-c`, `<id>-c-c`, ...); returns the depth below it. */
export async function tree(depth: number): Promise<number> {
  if (depth === 0) {
    return 0;
  }
  return 1 + (await executeChild(tree, { args: [depth - 1], workflowId: `${workflowInfo().workflowId}-c` }));
}

/** Leaves an activity (on a queue nobody polls) and a child pending, and waits. */
export async function pendingWork(childId: string, idleQueue: string): Promise<void> {
  const { greet } = proxyActivities<typeof activities>({ taskQueue: idleQueue, startToCloseTimeout: '1m' });
  void greet('never');
  await startChild(waitForever, { workflowId: childId });
  await condition(() => false);
}
