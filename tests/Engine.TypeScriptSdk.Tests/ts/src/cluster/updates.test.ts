// Workflow Update through a node that does not own the workflow's shard, with the TypeScript SDK.
// Not part of the single-engine suite (run.ts loads cases/ only): Cluster.Tests runs this file
// against two nodes, the client on one (FENCEPOST_ADDRESS) and the worker on the other
// (FENCEPOST_WORKER_ADDRESS), for a workflow id whose shard the worker's node owns
// (FENCEPOST_WORKFLOW_ID). The same steps as Cluster.Tests/CrossNodeTests with the .NET SDK.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Client, Connection, WithStartWorkflowOperation, WorkflowUpdateFailedError, WorkflowUpdateStage } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import { NativeConnection, Worker } from '@temporalio/worker';
import * as activities from '../activities';
import { address, namespace } from '../env';
import { newId, workflowBundle } from '../harness';
import { addUpdate, finishUpdatesSignal, releaseSignal, updatable, waitForReleaseUpdate } from '../workflows';

function required(name: string): string {
  const value = process.env[name];
  assert.ok(value, `${name} is not set: Cluster.Tests sets it when it runs this file`);
  return value;
}

describe('updates across nodes', () => {
  it('updates, a rejection, a poll and update-with-start sent to a node that does not own the shard reach the owner', { timeout: 120_000 }, async () => {
    const workflowId = required('FENCEPOST_WORKFLOW_ID');
    const workerConnection = await NativeConnection.connect({ address: required('FENCEPOST_WORKER_ADDRESS') });
    const connection = await Connection.connect({ address });
    const taskQueue = newId('ts-update-cross-node');
    const worker = await Worker.create({ connection: workerConnection, namespace, taskQueue, workflowBundle: await workflowBundle(), activities });
    try {
      await worker.runUntil(async () => {
        const client = new Client({ connection, namespace });
        const start = new WithStartWorkflowOperation(updatable, { taskQueue, workflowId, args: [false], workflowIdConflictPolicy: 'USE_EXISTING' });
        assert.equal(await client.workflow.executeUpdateWithStart(addUpdate, { args: ['first'], startWorkflowOperation: start }), 1);
        const handle = await start.workflowHandle();
        assert.equal(await handle.executeUpdate(addUpdate, { args: ['second'] }), 2);
        const rejected = await handle.executeUpdate(addUpdate, { args: ['bad'] }).then(() => undefined, (error: unknown) => error);
        assert.ok(rejected instanceof WorkflowUpdateFailedError, `expected the validator's rejection, got ${String(rejected)}`);
        assert.equal(rejected.cause instanceof ApplicationFailure ? rejected.cause.type : undefined, 'BadItem');
        const held = await handle.startUpdate(waitForReleaseUpdate, { args: ['third'], waitForStage: WorkflowUpdateStage.ACCEPTED });
        await handle.signal(releaseSignal, 'third');
        // A fresh handle polls for the outcome by id alone.
        assert.equal(await client.workflow.getHandle(workflowId).getUpdateHandle<string>(held.updateId).result(), 'released third');
        await handle.signal(finishUpdatesSignal);
        assert.equal(await handle.result(), 'first,second,third');
      });
    } finally {
      await connection.close();
      await workerConnection.close();
    }
  });
});
