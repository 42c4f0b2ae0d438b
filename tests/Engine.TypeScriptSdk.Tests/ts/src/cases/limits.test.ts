import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Client, Connection } from '@temporalio/client';
import { temporal } from '@temporalio/proto';
import { msToTs } from '@temporalio/common/lib/time';
import { client as sharedClient, newId, startWorker } from '../harness';
import { address, namespace } from '../env';
import { signalOther } from '../workflows';

// Namespaces whose run limits the .NET host set low (InProcessEngine.SetRunLimits).
const signalsNamespace = 'ts-limits-signals';
const historyNamespace = 'ts-limits-history';
const options = { timeout: 60_000 };

/** A client in `namespace` on the shared connection (closed by run.ts), registering the namespace first. */
async function clientFor(namespace: string): Promise<Client> {
  const { connection } = await sharedClient();
  try {
    await connection.workflowService.registerNamespace({ namespace, workflowExecutionRetentionPeriod: msToTs('1 day') });
  } catch (error) {
    // Registered by the other case of this run already.
    if ((error as { code?: number }).code !== 6) throw error;
  }
  return new Client({ connection, namespace });
}

/** The error's own text and that of its gRPC cause, whichever layer the SDK put it in. */
function describeError(error: unknown): { code?: number; text: string } {
  const outer = error as { message?: string; code?: number; cause?: { message?: string; details?: string; code?: number } };
  return {
    code: outer.cause?.code ?? outer.code,
    text: [outer.message, outer.cause?.message, outer.cause?.details].filter(Boolean).join(' | '),
  };
}

describe('limits', { concurrency: true }, () => {
  it('signals past history.maximumSignalsPerExecution are refused with INVALID_ARGUMENT and the run stays open', options, async () => {
    const client = await clientFor(signalsNamespace);
    const handle = await client.workflow.start('NoWorkerPolls', { taskQueue: newId('idle'), workflowId: newId('signals') });
    for (let i = 0; i < 3; i++) {
      await handle.signal('poke');
    }
    await assert.rejects(handle.signal('poke'), (error) => {
      const { code, text } = describeError(error);
      assert.equal(code, 3, text);
      assert.match(text, /exceeded workflow execution limit for signal events/);
      return true;
    });
    const described = await handle.describe();
    assert.equal(described.status.name, 'RUNNING');
    await handle.terminate('test done');
  });

  it('a workflow signalling another past history.maximumSignalsPerExecution sees SIGNAL_COUNT_LIMIT_EXCEEDED', options, async () => {
    const client = await clientFor(signalsNamespace);
    const target = await client.workflow.start('NoWorkerPolls', { taskQueue: newId('idle'), workflowId: newId('full-target') });
    for (let i = 0; i < 3; i++) {
      await target.signal('poke');
    }
    const queue = newId('signaller-tq');
    const worker = await startWorker(queue, { namespace: signalsNamespace });
    try {
      const signaller = await client.workflow.start(signalOther, { taskQueue: queue, workflowId: newId('signaller'), args: [target.workflowId] });
      const result = await signaller.result();
      assert.match(result, /signal limit was exceeded/);
      const history = await signaller.fetchHistory();
      const failed = history.events?.find((e) => e.signalExternalWorkflowExecutionFailedEventAttributes);
      assert.equal(
        failed?.signalExternalWorkflowExecutionFailedEventAttributes?.cause,
        temporal.api.enums.v1.SignalExternalWorkflowExecutionFailedCause.SIGNAL_EXTERNAL_WORKFLOW_EXECUTION_FAILED_CAUSE_SIGNAL_COUNT_LIMIT_EXCEEDED,
      );
    } finally {
      await worker.stop();
    }
    const described = await target.describe();
    assert.equal(described.status.name, 'RUNNING');
    await target.terminate('test done');
  });

  it('a request larger than any valid request is refused with RESOURCE_EXHAUSTED and the next one works', options, async () => {
    // A connection without the SDK's retry interceptor: it retries RESOURCE_EXHAUSTED for ~40 s before giving up.
    const connection = await Connection.connect({ address, interceptors: [] });
    try {
      const client = new Client({ connection, namespace });
      const taskQueue = newId('idle');
      await assert.rejects(
        client.workflow.start('NoWorkerPolls', { taskQueue, workflowId: newId('oversized'), args: ['x'.repeat(13 * 1024 * 1024)] }),
        (error) => {
          const { code, text } = describeError(error);
          assert.equal(code, 8, text);
          return true;
        },
      );
      const next = await client.workflow.start('NoWorkerPolls', { taskQueue, workflowId: newId('after-oversized') });
      assert.equal((await next.describe()).status.name, 'RUNNING');
      await next.terminate('test done');
    } finally {
      await connection.close();
    }
  });

  it('a history request for int max events gets pages of frontend.historyMaxPageSize', options, async () => {
    const client = await clientFor(signalsNamespace);
    const workflowId = newId('pages');
    const handle = await client.workflow.start('NoWorkerPolls', { taskQueue: newId('idle'), workflowId });
    for (let i = 0; i < 3; i++) {
      await handle.signal('poke');
    }
    const pages: number[] = [];
    let nextPageToken: Uint8Array | undefined;
    do {
      const page = await client.workflowService.getWorkflowExecutionHistory({
        namespace: signalsNamespace,
        execution: { workflowId },
        maximumPageSize: 2_147_483_647,
        nextPageToken,
      });
      pages.push(page.history?.events?.length ?? 0);
      nextPageToken = page.nextPageToken && page.nextPageToken.length > 0 ? page.nextPageToken : undefined;
    } while (nextPageToken);
    assert.deepEqual(pages, [3, 2]);
    await handle.terminate('test done');
  });

  it('a run past limit.historyCount.error is terminated with Temporal\'s reason', options, async () => {
    const client = await clientFor(historyNamespace);
    const handle = await client.workflow.start('NoWorkerPolls', { taskQueue: newId('idle'), workflowId: newId('count') });
    // Started and the first workflow task scheduled are 2 events; each signal adds one.
    for (let i = 0; i < 18; i++) {
      await handle.signal('poke');
    }
    await assert.rejects(handle.signal('poke'), (error) => {
      const { code, text } = describeError(error);
      assert.equal(code, 3, text);
      assert.match(text, /Workflow history count exceeds limit\./);
      return true;
    });
    const history = await handle.fetchHistory();
    const last = history.events?.at(-1);
    assert.equal(last?.workflowExecutionTerminatedEventAttributes?.reason, 'Workflow history count exceeds limit.');
    assert.equal(history.events?.length, 21);
    const described = await handle.describe();
    assert.equal(described.status.name, 'TERMINATED');
  });
});
