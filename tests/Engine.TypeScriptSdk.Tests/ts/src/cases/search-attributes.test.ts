import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { status as grpcStatus } from '@grpc/grpc-js';
import { Client, WorkflowNotFoundError } from '@temporalio/client';
import { defineSearchAttributeKey, SearchAttributeType } from '@temporalio/common';
import { temporal } from '@temporalio/proto';
import { client as newClient, mainQueue, newId, withMainWorker } from '../harness';
import { namespace } from '../env';
import { badUpsert, customKeyword, upserts, waitForever } from '../workflows';

const options = { timeout: 60_000 };
const { IndexedValueType } = temporal.api.enums.v1;

const keyword = defineSearchAttributeKey('TsKeyword', SearchAttributeType.KEYWORD);
const text = defineSearchAttributeKey('TsText', SearchAttributeType.TEXT);
const int = defineSearchAttributeKey('TsInt', SearchAttributeType.INT);
const double = defineSearchAttributeKey('TsDouble', SearchAttributeType.DOUBLE);
const bool = defineSearchAttributeKey('TsBool', SearchAttributeType.BOOL);
const datetime = defineSearchAttributeKey('TsDatetime', SearchAttributeType.DATETIME);
const keywordList = defineSearchAttributeKey('TsKeywordList', SearchAttributeType.KEYWORD_LIST);

async function register(client: Client): Promise<void> {
  await client.connection.operatorService.addSearchAttributes({
    namespace,
    searchAttributes: {
      TsKeyword: IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD,
      TsText: IndexedValueType.INDEXED_VALUE_TYPE_TEXT,
      TsInt: IndexedValueType.INDEXED_VALUE_TYPE_INT,
      TsDouble: IndexedValueType.INDEXED_VALUE_TYPE_DOUBLE,
      TsBool: IndexedValueType.INDEXED_VALUE_TYPE_BOOL,
      TsDatetime: IndexedValueType.INDEXED_VALUE_TYPE_DATETIME,
      TsKeywordList: IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD_LIST,
      CustomKeywordField: IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD,
    },
  });
}

function json(value: string, type?: string): temporal.api.common.v1.IPayload {
  const metadata: Record<string, Uint8Array> = { encoding: Buffer.from('json/plain') };
  if (type) metadata.type = Buffer.from(type);
  return { metadata, data: Buffer.from(value) };
}

function rawStart(workflowId: string, searchAttributes: Record<string, temporal.api.common.v1.IPayload>) {
  return {
    namespace,
    workflowId,
    workflowType: { name: 'waitForever' },
    taskQueue: { name: newId('no-worker') },
    requestId: newId('request'),
    identity: 'ts-raw',
    searchAttributes: { indexedFields: searchAttributes },
  };
}

function grpcCode(code: number, mentions?: string) {
  return (error: unknown) => {
    const e = error as { code?: number; details?: string; message?: string };
    assert.equal(e.code, code, `status ${e.code}: ${e.details ?? e.message}`);
    if (mentions) assert.match(e.details ?? e.message ?? '', new RegExp(mentions));
    return true;
  };
}

describe('search-attributes', { concurrency: true }, () => {
  it('registered attributes are listed with their types and shown as namespace aliases', options, async () => {
    const client = await newClient();
    await register(client);
    await register(client);
    const listed = await client.connection.operatorService.listSearchAttributes({ namespace });
    assert.equal(listed.customAttributes!.TsKeywordList, IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD_LIST);
    assert.equal(listed.customAttributes!.TsDatetime, IndexedValueType.INDEXED_VALUE_TYPE_DATETIME);
    assert.equal(listed.systemAttributes!.ExecutionStatus, IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD);
    assert.equal(listed.systemAttributes!.TemporalChangeVersion, IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD_LIST);
    const all = await client.workflowService.getSearchAttributes({});
    assert.equal(all.keys!.TsBool, IndexedValueType.INDEXED_VALUE_TYPE_BOOL);
    assert.equal(all.keys!.WorkflowId, IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD);
    const described = await client.workflowService.describeNamespace({ namespace });
    const aliases = Object.entries(described.config!.customSearchAttributeAliases!);
    assert.match(aliases.find(([, name]) => name === 'TsInt')![0], /^Int(0[1-9]|10)$/);
  });

  it('bad registrations and removals get the status the SDK expects', options, async () => {
    const client = await newClient();
    await register(client);
    const operator = client.connection.operatorService;
    await assert.rejects(operator.addSearchAttributes({ namespace, searchAttributes: { TsKeyword: IndexedValueType.INDEXED_VALUE_TYPE_INT } }),
      grpcCode(grpcStatus.INVALID_ARGUMENT, 'TsKeyword'));
    await assert.rejects(operator.addSearchAttributes({ namespace, searchAttributes: { WorkflowType: IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD } }),
      grpcCode(grpcStatus.INVALID_ARGUMENT, 'reserved'));
    await assert.rejects(operator.removeSearchAttributes({ namespace, searchAttributes: [newId('Absent').replaceAll('-', '_')] }), grpcCode(grpcStatus.NOT_FOUND));
    await assert.rejects(operator.listClusters({}), grpcCode(grpcStatus.UNIMPLEMENTED));
    const removable = newId('Removable').replaceAll('-', '_');
    await operator.addSearchAttributes({ namespace, searchAttributes: { [removable]: IndexedValueType.INDEXED_VALUE_TYPE_BOOL } });
    await operator.removeSearchAttributes({ namespace, searchAttributes: [removable] });
    const listed = await operator.listSearchAttributes({ namespace });
    assert.equal(listed.customAttributes![removable], undefined);
  });

  it('list and count filter on every type with its operators', options, async () => {
    const client = await newClient();
    await register(client);
    const tag = newId('tag');
    const at = new Date('2030-01-02T03:04:05Z');
    const day = 24 * 3600 * 1000;
    const start = async (name: string, amount: number, score: number, vip: boolean, days: number, labels: string[]) => {
      const handle = await client.workflow.start(waitForever, {
        taskQueue: newId('no-worker'),
        workflowId: newId(name),
        typedSearchAttributes: [
          { key: keyword, value: tag },
          { key: text, value: `order for ${name}` },
          { key: int, value: amount },
          { key: double, value: score },
          { key: bool, value: vip },
          { key: datetime, value: new Date(at.getTime() + days * day) },
          { key: keywordList, value: labels },
        ],
      });
      return handle.workflowId;
    };
    const a = await start('a', 10, 0.5, true, 1, ['red', 'blue']);
    const b = await start('b', 20, 1.5, false, 2, ['blue']);
    const c = await start('c', 30, 2.5, false, 3, []);
    const ids = async (filter: string) => {
      const found: string[] = [];
      for await (const run of client.workflow.list({ query: `TsKeyword = '${tag}' AND (${filter})` })) found.push(run.workflowId);
      return found.sort();
    };
    const expect = (...found: string[]) => found.sort();
    assert.deepEqual(await ids("TsKeyword STARTS_WITH 'tag-'"), expect(a, b, c));
    assert.deepEqual(await ids('TsInt >= 20'), expect(b, c));
    assert.deepEqual(await ids('TsInt BETWEEN 15 AND 25'), expect(b));
    assert.deepEqual(await ids('TsInt IN (10, 30)'), expect(a, c));
    assert.deepEqual(await ids('TsDouble < 1'), expect(a));
    assert.deepEqual(await ids('TsBool = true'), expect(a));
    assert.deepEqual(await ids("TsDatetime > '2030-01-03T12:00:00Z'"), expect(b, c));
    assert.deepEqual(await ids("TsKeywordList = 'blue'"), expect(a, b));
    assert.deepEqual(await ids("TsKeywordList != 'red'"), expect(b));
    assert.deepEqual(await ids("TsText = 'for c'"), expect(c));
    assert.deepEqual(await ids('TsText IS NOT NULL AND CustomKeywordField IS NULL'), expect(a, b, c));
    assert.equal((await client.workflow.count(`TsKeyword = '${tag}' AND TsKeywordList IN ('red', 'blue')`)).count, 2);
    for await (const run of client.workflow.list({ query: `TsKeyword = '${tag}' AND TsInt = 10` })) {
      assert.deepEqual(run.typedSearchAttributes.get(datetime), new Date(at.getTime() + day));
      assert.deepEqual(run.typedSearchAttributes.get(keywordList), ['red', 'blue']);
    }
    await Promise.all([a, b, c].map((id) => client.workflow.getHandle(id).terminate('cleanup')));
  });

  it('a CustomKeywordField upserted by the workflow is found by its new value only', options, async () => {
    const client = await withMainWorker();
    await register(client);
    const workflowId = newId('upserted');
    await client.workflow.execute(upserts, { taskQueue: mainQueue, workflowId, typedSearchAttributes: [{ key: customKeyword, value: 'at start' }] });
    assert.equal((await client.workflow.count(`WorkflowId = '${workflowId}' AND CustomKeywordField = 'upserted'`)).count, 1);
    assert.equal((await client.workflow.count(`WorkflowId = '${workflowId}' AND CustomKeywordField = 'at start'`)).count, 0);
  });

  it('an upsert with a wrong type for a registered attribute fails the workflow task with BAD_SEARCH_ATTRIBUTES', options, async () => {
    const client = await withMainWorker();
    await register(client);
    const workflowId = newId('bad-upsert');
    const handle = await client.workflow.start(badUpsert, { taskQueue: mainQueue, workflowId });
    // A long poll on the history: each new event arrives as it is written.
    let failed: temporal.api.history.v1.IWorkflowTaskFailedEventAttributes | undefined;
    let nextPageToken: Uint8Array | undefined;
    while (!failed) {
      const page = await client.workflowService.getWorkflowExecutionHistory({ namespace, execution: { workflowId }, waitNewEvent: true, nextPageToken });
      failed = page.history?.events?.find((e) => e.workflowTaskFailedEventAttributes)?.workflowTaskFailedEventAttributes ?? undefined;
      nextPageToken = page.nextPageToken ?? undefined;
    }
    await handle.terminate('cleanup');
    assert.equal(failed.cause, temporal.api.enums.v1.WorkflowTaskFailedCause.WORKFLOW_TASK_FAILED_CAUSE_BAD_SEARCH_ATTRIBUTES);
    assert.match(failed.failure?.message ?? '', /TsInt/);
    assert.equal((await client.workflow.count(`WorkflowId = '${workflowId}' AND TsInt IS NOT NULL`)).count, 0);
  });

  it('a start with a wrong type for a registered attribute is refused, naming it', options, async () => {
    const client = await newClient();
    await register(client);
    const workflowId = newId('wrong-type');
    await assert.rejects(client.workflowService.startWorkflowExecution(rawStart(workflowId, { TsInt: json('"not a number"') })),
      grpcCode(grpcStatus.INVALID_ARGUMENT, 'TsInt'));
    await assert.rejects(client.workflow.getHandle(workflowId).describe(), WorkflowNotFoundError);
  });

  it('untyped values come back typed: the registered type, else the type of the value', options, async () => {
    const client = await newClient();
    await register(client);
    const workflowId = newId('untyped');
    await client.workflowService.startWorkflowExecution(rawStart(workflowId, { TsKeyword: json('"untyped"'), Unregistered: json('1') }));
    const described = await client.workflow.getHandle(workflowId).describe();
    assert.equal(described.typedSearchAttributes.get(keyword), 'untyped');
    const raw = described.raw.workflowExecutionInfo!.searchAttributes!.indexedFields!;
    assert.equal(Buffer.from(raw.TsKeyword.metadata!.type!).toString(), 'Keyword');
    assert.equal(Buffer.from(raw.Unregistered.metadata!.type!).toString(), 'Int');
    await client.workflow.getHandle(workflowId).terminate('cleanup');
  });

  it('a query on an attribute that is not registered says which fields there are', options, async () => {
    const client = await newClient();
    await assert.rejects(client.workflow.count('NoSuchAttribute = 1'), (error: Error) => {
      const cause = (error as { cause?: { code?: number; details?: string } }).cause;
      assert.equal(cause?.code, grpcStatus.INVALID_ARGUMENT);
      assert.match(cause?.details ?? '', /unknown field 'NoSuchAttribute'/);
      return true;
    });
  });
});
