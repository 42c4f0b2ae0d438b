// What every case shares: one client, one bundle, one worker on the main task queue (started on
// first use), and workers of their own for the cases that need one; all shut down by run.ts.
import { randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { Client, Connection, WorkflowHandle } from '@temporalio/client';
import { temporal } from '@temporalio/proto';
import { bundleWorkflowCode, DefaultLogger, LogLevel, NativeConnection, Runtime, Worker, WorkerOptions } from '@temporalio/worker';
import * as activities from './activities';
import { address, namespace, workflowBundlePath, workflowsPath } from './env';

// Cases provoke failures on purpose (failed attempts, late completions), which the SDK logs as
// warnings: errors only, unless FENCEPOST_TS_LOG_LEVEL asks for more while diagnosing.
const logLevel = (process.env.FENCEPOST_TS_LOG_LEVEL ?? 'ERROR') as LogLevel;
Runtime.install({
  logger: new DefaultLogger(logLevel),
  telemetryOptions: { logging: { filter: { core: logLevel, other: logLevel }, forward: {} } },
});

export const mainQueue = `ts-main-${randomUUID()}`;

let bundle: Promise<{ code: string }> | undefined;
let nativeConnection: Promise<NativeConnection> | undefined;
let grpcClient: Promise<Client> | undefined;
let mainWorker: Promise<RunningWorker> | undefined;
const running = new Set<RunningWorker>();

export function newId(prefix: string): string {
  return `${prefix}-${randomUUID()}`;
}

/** The client most cases use: @temporalio/client over grpc-js, as an application would. */
export function client(): Promise<Client> {
  grpcClient ??= Connection.connect({ address }).then((connection) => new Client({ connection, namespace }));
  return grpcClient;
}

/** The Rust core's connection, which workers use (and a client that asks for eager start). */
export function workerConnection(): Promise<NativeConnection> {
  nativeConnection ??= NativeConnection.connect({ address });
  return nativeConnection;
}

export function workflowBundle(): Promise<{ code: string }> {
  bundle ??= workflowBundlePath
    ? readFile(workflowBundlePath, 'utf8').then((code) => ({ code }))
    : bundleWorkflowCode({ workflowsPath }).then(({ code }) => ({ code }));
  return bundle;
}

export interface RunningWorker {
  worker: Worker;
  /** Settles when the worker has stopped; rejects if it died. */
  done: Promise<void>;
  /** Shuts the worker down and waits for it to stop. */
  stop(): Promise<void>;
}

/** Starts a worker with the shared bundle and activities; `options` adds to or overrides them. */
export async function startWorker(taskQueue: string, options: Partial<WorkerOptions> = {}): Promise<RunningWorker> {
  const worker = await Worker.create({
    connection: await workerConnection(),
    namespace,
    taskQueue,
    workflowBundle: await workflowBundle(),
    activities,
    ...options,
  });
  const done = worker.run();
  const entry: RunningWorker = {
    worker,
    done,
    async stop() {
      if (worker.getState() === 'RUNNING') {
        worker.shutdown();
      }
      await done;
      running.delete(entry);
    },
  };
  running.add(entry);
  // A worker that dies fails the case that awaits it; an unobserved rejection must not end the run.
  done.catch(() => undefined);
  return entry;
}

/** Ensures the worker on {@link mainQueue} runs, and returns the client. */
export async function withMainWorker(): Promise<Client> {
  mainWorker ??= startWorker(mainQueue);
  await mainWorker;
  return client();
}

/** Stops every worker and closes the connections (run.ts calls it once, after all suites). */
export async function shutdownAll(): Promise<void> {
  await Promise.allSettled([...running].map((entry) => entry.stop()));
  if (grpcClient) {
    await (await grpcClient).connection.close();
  }
  if (nativeConnection) {
    await (await nativeConnection).close();
  }
}

/** Resolves when `check` returns a value other than undefined; fails after `timeoutMs` saying what was awaited. */
export async function waitFor<T>(what: string, check: () => Promise<T | undefined>, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) {
      return value;
    }
    if (Date.now() > deadline) {
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** The run's history as event type names without the prefix ('ACTIVITY_TASK_SCHEDULED', ...). */
export async function eventTypes(handle: WorkflowHandle): Promise<string[]> {
  const history = await handle.fetchHistory();
  return (history.events ?? []).map((event) => temporal.api.enums.v1.EventType[event.eventType ?? 0].replace(/^EVENT_TYPE_/, ''));
}
