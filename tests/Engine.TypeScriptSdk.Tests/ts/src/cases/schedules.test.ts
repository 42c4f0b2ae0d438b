import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ScheduleAlreadyRunning, ScheduleHandle, ScheduleNotFoundError, ScheduleOverlapPolicy } from '@temporalio/client';
import { defineSearchAttributeKey, SearchAttributeType } from '@temporalio/common';
import { msToTs, tsToMs } from '@temporalio/common/lib/time';
import { temporal } from '@temporalio/proto';
import { client, mainQueue, newId, waitFor, withMainWorker } from '../harness';
import { customKeyword, echo, failing, waitForever } from '../workflows';

const options = { timeout: 60_000 };
const scheduledById = defineSearchAttributeKey('TemporalScheduledById', SearchAttributeType.KEYWORD);
const midnight = new Date('2026-01-01T00:00:00Z');
const hour = 3_600_000;

/** A paused hourly schedule whose workflow waits until something ends it, on a queue no worker polls unless `taskQueue` is given. */
async function pausedHourly(taskQueue = newId('ts-idle')): Promise<{ handle: ScheduleHandle; workflowId: string }> {
  const workflowId = newId('scheduled');
  const handle = await (await client()).schedule.create({
    scheduleId: newId('schedule'),
    spec: { intervals: [{ every: '1h' }] },
    action: { type: 'startWorkflow', workflowType: waitForever, taskQueue, workflowId },
    state: { paused: true },
  });
  return { handle, workflowId };
}

async function rawDescribe(scheduleId: string): Promise<temporal.api.workflowservice.v1.IDescribeScheduleResponse> {
  return (await client()).workflowService.describeSchedule({ namespace: 'default', scheduleId });
}

function waitUntil(scheduleId: string, what: string, done: (d: temporal.api.workflowservice.v1.IDescribeScheduleResponse) => boolean) {
  return waitFor(what, async () => {
    const described = await rawDescribe(scheduleId);
    return done(described) ? described : undefined;
  });
}

const actionCount = (d: temporal.api.workflowservice.v1.IDescribeScheduleResponse) => Number(d.info?.actionCount ?? 0);
const stamp = (date: Date) => date.toISOString().replace('.000Z', 'Z');

describe('schedules', { concurrency: true }, () => {
  it('create, describe, list, update, pause, unpause and delete a schedule', options, async () => {
    const c = await client();
    const scheduleId = newId('schedule');
    const handle = await c.schedule.create({
      scheduleId,
      spec: { intervals: [{ every: '1h', offset: '5m' }] },
      action: { type: 'startWorkflow', workflowType: echo, args: ['scheduled'], taskQueue: newId('ts-idle'), workflowId: newId('scheduled') },
      state: { paused: true, note: 'created paused' },
      memo: { owner: 'ops' },
      typedSearchAttributes: [{ key: customKeyword, value: 'payments' }],
    });
    const described = await handle.describe();
    assert.deepEqual(described.spec.intervals, [{ every: 3_600_000, offset: 300_000 }]);
    assert.equal(described.state.paused, true);
    assert.equal(described.state.note, 'created paused');
    assert.equal(described.policies.overlap, ScheduleOverlapPolicy.SKIP);
    assert.deepEqual(described.memo, { owner: 'ops' });
    assert.equal(described.typedSearchAttributes.get(customKeyword), 'payments');
    assert.equal(described.info.nextActionTimes.length, 10);
    assert.ok(described.info.nextActionTimes.every((t) => t.getUTCMinutes() === 5));

    const listed = [];
    for await (const entry of c.schedule.list({ query: `ScheduleId = '${scheduleId}'` })) {
      listed.push(entry);
    }
    assert.equal(listed.length, 1);
    assert.equal(listed[0].scheduleId, scheduleId);
    assert.equal(listed[0].state.paused, true);
    assert.equal(listed[0].action?.workflowType, 'echo');

    await handle.unpause('back on');
    await handle.update((previous) => ({ ...previous, spec: { cronExpressions: ['CRON_TZ=Europe/Berlin 0 2 * * *'] } }));
    const updated = await handle.describe();
    assert.equal(updated.state.paused, false);
    assert.equal(updated.state.note, 'back on');
    assert.equal(updated.spec.timezone, 'Europe/Berlin');
    assert.ok(updated.info.lastUpdatedAt, 'an updated schedule has an update time');
    assert.ok(updated.info.nextActionTimes.every((t) => [0, 1].includes(t.getUTCHours())), 'nightly 02:00 Berlin is 00:00 or 01:00 UTC');

    await handle.pause('maintenance');
    assert.equal((await handle.describe()).state.note, 'maintenance');
    await handle.delete();
    await assert.rejects(handle.describe(), ScheduleNotFoundError);
  });

  it('a second schedule with the same id is refused', options, async () => {
    const { handle } = await pausedHourly();
    await assert.rejects(
      (await client()).schedule.create({
        scheduleId: handle.scheduleId,
        spec: { intervals: [{ every: '1h' }] },
        action: { type: 'startWorkflow', workflowType: waitForever, taskQueue: newId('ts-idle') },
      }),
      ScheduleAlreadyRunning,
    );
  });

  it('bad input is refused naming the field', options, async () => {
    const c = await client();
    await assert.rejects(
      c.schedule.create({
        scheduleId: newId('schedule'),
        spec: { calendars: [{ hour: 2 }], timezone: 'Europe/Atlantis' },
        action: { type: 'startWorkflow', workflowType: waitForever, taskQueue: newId('ts-idle') },
      }),
      (error: Error) => error instanceof TypeError && error.message.includes('Schedule.Spec.TimezoneName'),
    );
    const action = { startWorkflow: { workflowId: newId('scheduled'), workflowType: { name: 'waitForever' } } };
    await assert.rejects(
      c.workflowService.createSchedule({ namespace: 'default', scheduleId: newId('schedule'), requestId: newId('request'), schedule: { spec: {}, action } }),
      (error: { code: number; details: string }) => error.code === 3 && error.details.includes('Schedule.Action.StartWorkflow.TaskQueue'),
    );
    await assert.rejects(
      c.workflowService.createSchedule({
        namespace: 'default',
        scheduleId: newId('schedule'),
        requestId: newId('request'),
        schedule: {
          spec: { startTime: msToTs(2_000_000_000_000), endTime: msToTs(1_900_000_000_000) },
          action: { startWorkflow: { ...action.startWorkflow, taskQueue: { name: newId('ts-idle') } } },
        },
      }),
      (error: { code: number; details: string }) => error.code === 3 && error.details.includes('Schedule.Spec.EndTime'),
    );
  });

  it('an update with a stale conflict token is refused and changes nothing', options, async () => {
    const c = await client();
    const { handle } = await pausedHourly();
    const before = await rawDescribe(handle.scheduleId);
    await handle.pause('moves the token on');
    const schedule = { ...before.schedule, state: { paused: true, notes: 'stale update' } };
    await assert.rejects(
      c.workflowService.updateSchedule({ namespace: 'default', scheduleId: handle.scheduleId, schedule, conflictToken: before.conflictToken, requestId: newId('request') }),
      (error: { code: number }) => error.code === 9,
    );
    assert.equal((await handle.describe()).state.note, 'moves the token on');
  });

  it('a triggered action runs its workflow with the schedule memo, search attributes and TemporalScheduledById', options, async () => {
    const c = await withMainWorker();
    const scheduleId = newId('schedule');
    const workflowId = newId('scheduled');
    const handle = await c.schedule.create({
      scheduleId,
      spec: { intervals: [{ every: '1d' }] },
      action: {
        type: 'startWorkflow',
        workflowType: echo,
        args: ['triggered'],
        taskQueue: mainQueue,
        workflowId,
        memo: { report: 'nightly' },
        typedSearchAttributes: [{ key: customKeyword, value: 'ops' }],
      },
      state: { paused: true },
    });
    await handle.trigger();
    const described = await waitFor('the triggered action to start', async () => {
      const d = await handle.describe();
      return d.info.recentActions.length === 1 ? d : undefined;
    });
    const started = described.info.recentActions[0].action.workflow;
    assert.ok(started.workflowId.startsWith(`${workflowId}-`), started.workflowId);
    const run = c.workflow.getHandle(started.workflowId, started.firstExecutionRunId);
    assert.equal((await run.result()).value, 'triggered');
    const description = await run.describe();
    assert.deepEqual(description.memo, { report: 'nightly' });
    assert.equal(description.typedSearchAttributes.get(customKeyword), 'ops');
    assert.equal(description.typedSearchAttributes.get(scheduledById), scheduleId);
    await waitUntil(scheduleId, 'the schedule to hear its run completed', (d) =>
      (d.info?.runningWorkflows ?? []).length === 0 && d.info?.recentActions?.[0]?.startWorkflowStatus === temporal.api.enums.v1.WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_COMPLETED,
    );
  });

  it('an every-second schedule fires on its own', options, async () => {
    const c = await client();
    const scheduleId = newId('schedule');
    await c.schedule.create({
      scheduleId,
      spec: { intervals: [{ every: '1s' }] },
      action: { type: 'startWorkflow', workflowType: waitForever, taskQueue: newId('ts-idle'), workflowId: newId('scheduled') },
      policies: { overlap: ScheduleOverlapPolicy.ALLOW_ALL },
    });
    await waitUntil(scheduleId, 'two actions of an every-second schedule', (d) => actionCount(d) >= 2);
    await c.schedule.getHandle(scheduleId).delete();
  });

  it('limited actions stop the schedule after the last one', options, async () => {
    const c = await client();
    const scheduleId = newId('schedule');
    const handle = await c.schedule.create({
      scheduleId,
      spec: { intervals: [{ every: '1s' }] },
      action: { type: 'startWorkflow', workflowType: waitForever, taskQueue: newId('ts-idle'), workflowId: newId('scheduled') },
      policies: { overlap: ScheduleOverlapPolicy.ALLOW_ALL },
      state: { remainingActions: 2 },
    });
    await waitUntil(scheduleId, 'the two allowed actions', (d) => actionCount(d) === 2 && Number(d.schedule?.state?.remainingActions ?? 0) === 0);
    const described = await handle.describe();
    assert.equal(described.state.remainingActions, 0);
    assert.deepEqual(described.info.nextActionTimes, []);
  });

  for (const [policy, started, buffered, skipped] of [
    [ScheduleOverlapPolicy.SKIP, 1, 0, 2],
    [ScheduleOverlapPolicy.BUFFER_ONE, 1, 1, 1],
    [ScheduleOverlapPolicy.BUFFER_ALL, 1, 2, 0],
    [ScheduleOverlapPolicy.ALLOW_ALL, 3, 0, 0],
  ] as const) {
    it(`a backfill of three overlapping actions under ${policy}`, options, async () => {
      const { handle, workflowId } = await pausedHourly();
      await handle.backfill({ start: midnight, end: new Date(midnight.getTime() + 2 * hour), overlap: policy });
      let described = await waitUntil(handle.scheduleId, `${started} started under ${policy}`, (d) => actionCount(d) === started);
      assert.equal(Number(described.info?.bufferSize ?? 0), buffered);
      assert.equal(Number(described.info?.overlapSkipped ?? 0), skipped);
      assert.equal((described.info?.runningWorkflows ?? []).length, policy === ScheduleOverlapPolicy.ALLOW_ALL ? 0 : 1);
      for (let next = 1; next <= buffered; next++) {
        const running = described.info!.runningWorkflows![0];
        await (await client()).workflow.getHandle(running.workflowId!, running.runId!).terminate('next, please');
        described = await waitUntil(handle.scheduleId, `buffered action ${next} to start`, (d) => actionCount(d) === started + next);
        assert.equal(described.info!.runningWorkflows![0].workflowId, `${workflowId}-${stamp(new Date(midnight.getTime() + next * hour))}`);
      }
    });
  }

  it('TERMINATE_OTHER terminates the running workflow and starts the new one', options, async () => {
    const { handle, workflowId } = await pausedHourly();
    await handle.backfill({ start: midnight, end: midnight, overlap: ScheduleOverlapPolicy.TERMINATE_OTHER });
    await waitUntil(handle.scheduleId, 'the first action', (d) => actionCount(d) === 1);
    const second = new Date(midnight.getTime() + hour);
    await handle.backfill({ start: second, end: second, overlap: ScheduleOverlapPolicy.TERMINATE_OTHER });
    const described = await waitUntil(handle.scheduleId, 'the second action after the first was terminated', (d) => actionCount(d) === 2);
    assert.equal(described.info!.runningWorkflows![0].workflowId, `${workflowId}-${stamp(second)}`);
    const first = await (await client()).workflow.getHandle(`${workflowId}-${stamp(midnight)}`).describe();
    assert.equal(first.status.name, 'TERMINATED');
  });

  it('CANCEL_OTHER cancels the running workflow and starts the new one once it closed', options, async () => {
    await withMainWorker();
    const { handle, workflowId } = await pausedHourly(mainQueue);
    await handle.backfill({ start: midnight, end: midnight, overlap: ScheduleOverlapPolicy.CANCEL_OTHER });
    await waitUntil(handle.scheduleId, 'the first action', (d) => actionCount(d) === 1);
    const second = new Date(midnight.getTime() + hour);
    await handle.backfill({ start: second, end: second, overlap: ScheduleOverlapPolicy.CANCEL_OTHER });
    const described = await waitUntil(handle.scheduleId, 'the second action after the first was cancelled', (d) => actionCount(d) === 2);
    assert.equal(described.info!.runningWorkflows![0].workflowId, `${workflowId}-${stamp(second)}`);
    const first = await (await client()).workflow.getHandle(`${workflowId}-${stamp(midnight)}`).describe();
    assert.equal(first.status.name, 'CANCELLED');
    await (await client()).workflow.getHandle(`${workflowId}-${stamp(second)}`).terminate('cleanup');
  });

  it('pause on failure pauses the schedule when its workflow fails', options, async () => {
    const c = await withMainWorker();
    const scheduleId = newId('schedule');
    const handle = await c.schedule.create({
      scheduleId,
      spec: { intervals: [{ every: '1d' }] },
      action: { type: 'startWorkflow', workflowType: failing, args: ['scheduled failure'], taskQueue: mainQueue, workflowId: newId('scheduled') },
      policies: { pauseOnFailure: true },
      state: { triggerImmediately: true },
    });
    await waitFor('the schedule to pause after the failure', async () => ((await handle.describe()).state.paused ? true : undefined));
    const described = await handle.describe();
    assert.match(described.state.note ?? '', /^paused due to workflow failure: .*scheduled failure/);
  });

  it('matching times skip a spring-forward time and repeat a fall-back time', options, async () => {
    const c = await client();
    const scheduleId = newId('schedule');
    await c.schedule.create({
      scheduleId,
      spec: { cronExpressions: ['CRON_TZ=America/New_York 30 2 * * *', 'CRON_TZ=America/New_York 30 1 * * *'] },
      action: { type: 'startWorkflow', workflowType: waitForever, taskQueue: newId('ts-idle') },
      state: { paused: true },
    });
    const times = async (from: string, to: string) =>
      ((await c.workflowService.listScheduleMatchingTimes({
        namespace: 'default',
        scheduleId,
        startTime: msToTs(Date.parse(from)),
        endTime: msToTs(Date.parse(to)),
      })).startTime ?? []).map((t) => new Date(tsToMs(t)).toISOString());
    assert.deepEqual(await times('2026-03-08T05:00:00Z', '2026-03-08T12:00:00Z'), ['2026-03-08T06:30:00.000Z']);
    assert.deepEqual(await times('2026-11-01T04:00:00Z', '2026-11-01T08:00:00Z'), ['2026-11-01T05:30:00.000Z', '2026-11-01T06:30:00.000Z', '2026-11-01T07:30:00.000Z']);
  });

  it('workflow listings do not show the schedule itself', options, async () => {
    const c = await client();
    const { handle } = await pausedHourly();
    const listed = [];
    for await (const execution of c.workflow.list({ query: `WorkflowId = 'temporal-sys-scheduler:${handle.scheduleId}'` })) {
      listed.push(execution.workflowId);
    }
    assert.deepEqual(listed, []);
  });
});
