// Workflows the reset cases run: a deploy whose activity breaks in a bad build.
import { proxyActivities } from '@temporalio/workflow';

/** The activity a deploy ships through; each worker in the reset cases brings its own build of it. */
export interface DeployActivities {
  ship(order: string): Promise<string>;
}

const { ship } = proxyActivities<DeployActivities>({ startToCloseTimeout: '30s', retry: { maximumAttempts: 1 } });

/** Ships an order through one activity; fails when the activity does (no retries). */
export async function deploy(order: string): Promise<string> {
  return await ship(order);
}
