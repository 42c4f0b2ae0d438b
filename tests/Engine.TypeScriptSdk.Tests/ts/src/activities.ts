// Activities the worker registers. They record what they saw in `seen`, which the cases read:
// the worker runs in the same process as the tests.
import { ApplicationFailure, CancelledFailure, CompleteAsyncError, Context } from '@temporalio/activity';

/** Per key (a workflow id, usually): what each attempt saw, in order. */
export const seen = new Map<string, Attempt[]>();

export interface Attempt {
  attempt: number;
  heartbeatDetails?: unknown;
  cancelled?: boolean;
  scheduleToCloseTimeoutMs?: number;
  startToCloseTimeoutMs?: number;
  heartbeatTimeoutMs?: number;
  taskQueue?: string;
}

const tokens = new Map<string, { promise: Promise<Uint8Array>; resolve: (token: Uint8Array) => void }>();

function tokenSlot(key: string) {
  let slot = tokens.get(key);
  if (!slot) {
    let resolve!: (token: Uint8Array) => void;
    const promise = new Promise<Uint8Array>((r) => (resolve = r));
    slot = { promise, resolve };
    tokens.set(key, slot);
  }
  return slot;
}

/** The task token of the `completeLater` activity run for `key`, once it has started. */
export function taskTokenOf(key: string): Promise<Uint8Array> {
  return tokenSlot(key).promise;
}

function record(key: string, extra: Partial<Attempt> = {}): Attempt {
  const info = Context.current().info;
  const entry: Attempt = {
    attempt: info.attempt,
    scheduleToCloseTimeoutMs: info.scheduleToCloseTimeoutMs,
    startToCloseTimeoutMs: info.startToCloseTimeoutMs,
    heartbeatTimeoutMs: info.heartbeatTimeoutMs,
    taskQueue: info.taskQueue,
    ...extra,
  };
  const list = seen.get(key) ?? [];
  list.push(entry);
  seen.set(key, list);
  for (const waiter of waiters.filter((w) => w.key === key && list.length >= w.count)) {
    waiters.splice(waiters.indexOf(waiter), 1);
    waiter.resolve();
  }
  return entry;
}

const waiters: { key: string; count: number; resolve: () => void }[] = [];

/** Resolves once activities have recorded `count` attempts for `key`. */
export function whenSeen(key: string, count: number): Promise<void> {
  if ((seen.get(key)?.length ?? 0) >= count) {
    return Promise.resolve();
  }
  return new Promise((resolve) => waiters.push({ key, count, resolve }));
}

export async function greet(name: string): Promise<string> {
  record(Context.current().info.workflowExecution?.workflowId ?? 'standalone');
  return `Hello, ${name}!`;
}

/** Fails its first `failures` attempts with a retryable error, then returns the attempt that succeeded. */
export async function flaky(key: string, failures: number): Promise<number> {
  const { attempt } = record(key);
  if (attempt <= failures) {
    throw ApplicationFailure.retryable(`attempt ${attempt} fails`, 'Flaky');
  }
  return attempt;
}

/** Fails at once, marked non-retryable. */
export async function failNonRetryable(key: string): Promise<never> {
  record(key);
  throw ApplicationFailure.nonRetryable('this cannot work', 'Hopeless', { reason: 'bad input' });
}

/** Fails with an error type the workflow's retry policy names as non-retryable. */
export async function failWithType(key: string, type: string): Promise<never> {
  record(key);
  throw ApplicationFailure.retryable('typed failure', type);
}

/** Sleeps (cancellably) for `ms`; used to provoke start-to-close, schedule-to-close and heartbeat timeouts. */
export async function sleepFor(key: string, ms: number): Promise<string> {
  record(key);
  await Context.current().sleep(ms);
  return 'slept';
}

/**
 * Heartbeats progress 1..3, then fails on the first attempt; the next attempt starts from the
 * details the server carried over and returns them.
 */
export async function resumable(key: string): Promise<unknown> {
  const context = Context.current();
  const details = context.info.heartbeatDetails;
  record(key, { heartbeatDetails: details });
  if (context.info.attempt === 1) {
    for (let progress = 1; progress <= 3; progress++) {
      context.heartbeat({ progress });
    }
    throw ApplicationFailure.retryable('lost the connection after three items', 'Interrupted');
  }
  return details;
}

/** Heartbeats until the server says the workflow cancelled it, then reports the cancellation. */
export async function heartbeatUntilCancelled(key: string): Promise<string> {
  const context = Context.current();
  record(key);
  try {
    for (;;) {
      context.heartbeat('beat');
      await context.sleep(100);
    }
  } catch (error) {
    if (error instanceof CancelledFailure) {
      record(key, { cancelled: true });
    }
    throw error;
  }
}

/** Leaves completion to the case, which completes it with the task token. */
export async function completeLater(key: string): Promise<string> {
  record(key);
  tokenSlot(key).resolve(Context.current().info.taskToken);
  throw new CompleteAsyncError();
}

/** Records that a workflow's cleanup ran. */
export async function cleanup(key: string): Promise<void> {
  record(key);
}

const holds = new Map<string, { started: Promise<void>; markStarted: () => void; released: Promise<void>; release: () => void }>();

function holdSlot(key: string) {
  let slot = holds.get(key);
  if (!slot) {
    let markStarted!: () => void;
    let release!: () => void;
    const started = new Promise<void>((r) => (markStarted = r));
    const released = new Promise<void>((r) => (release = r));
    slot = { started, markStarted, released, release };
    holds.set(key, slot);
  }
  return slot;
}

/** Resolves once the `hold` activity of workflow `key` runs. */
export function holdStarted(key: string): Promise<void> {
  return holdSlot(key).started;
}

/** Lets the `hold` activity of workflow `key` finish. */
export function releaseHold(key: string): void {
  holdSlot(key).release();
}

/** Runs until the case releases it, so updates can arrive while an activity is open. */
export async function hold(): Promise<string> {
  const key = Context.current().info.workflowExecution?.workflowId ?? 'standalone';
  const slot = holdSlot(key);
  slot.markStarted();
  await Promise.race([slot.released, Context.current().cancelled]);
  return 'activity';
}
