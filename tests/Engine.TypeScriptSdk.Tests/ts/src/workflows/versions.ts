// Patching, search attributes and memo: what replays read back from history.
import { defineSearchAttributeKey, SearchAttributeType } from '@temporalio/common';
import { condition, defineSignal, deprecatePatch, patched, proxyActivities, setHandler, upsertMemo, upsertSearchAttributes, workflowInfo } from '@temporalio/workflow';
import type * as activities from '../activities';

export const proceedSignal = defineSignal('proceed');

/**
 * Takes the patched branch, then waits for a signal: a worker without a cache replays the whole
 * history for the next task, and the patch marker must send the replay down the same branch.
 */
export async function patchedSteps(): Promise<string[]> {
  const { greet } = proxyActivities<typeof activities>({ startToCloseTimeout: '30s' });
  let proceed = false;
  setHandler(proceedSignal, () => {
    proceed = true;
  });
  const steps: string[] = [];
  if (patched('greet-twice')) {
    steps.push(await greet('patched'));
  }
  steps.push(await greet('always'));
  await condition(() => proceed);
  deprecatePatch('old-change');
  steps.push(await greet('after signal'));
  return steps;
}

export const customKeyword = defineSearchAttributeKey('CustomKeywordField', SearchAttributeType.KEYWORD);

/** Upserts a search attribute (typed: its payload names its type) and the memo, and returns what the workflow sees. */
export async function upserts(): Promise<{ keyword: unknown; memo: unknown }> {
  upsertSearchAttributes([{ key: customKeyword, value: 'upserted' }]);
  upsertMemo({ note: 'from the workflow' });
  return { keyword: workflowInfo().typedSearchAttributes.get(customKeyword), memo: workflowInfo().memo };
}

/** Upserts a string under TsInt, which the namespace registers as an Int: its workflow task must fail. */
export async function badUpsert(): Promise<void> {
  upsertSearchAttributes([{ key: defineSearchAttributeKey('TsInt', SearchAttributeType.KEYWORD), value: 'not a number' }]);
  await condition(() => false);
}
