import { ActivityFailure, ApplicationFailure, RetryState } from '@temporalio/common';
import type { EngineActivities, SendMessageInput } from '../../lib/contracts/engine-activities';
import type { TraceRecord } from '../../lib/contracts/execution';
import type { FlowProgram } from '../../lib/contracts/program';

export type ActivityName = keyof EngineActivities;
export type ActivityCall = { via: 'activities' | 'local'; name: ActivityName; args: unknown };

/**
 * The one activity double, for a worker (`testActivities`) and for a step context
 * (`test-step-context.ts`): every activity of the contract records its call, then runs the test's
 * override, else the fallback; with no fallback an unexpected call fails the test. The list below
 * is typed against EngineActivities, so a new activity fails the typecheck until the double has it.
 */
export function activityDouble(args: {
  via: ActivityCall['via'];
  calls: ActivityCall[];
  overrides: Partial<EngineActivities>;
  fallback: EngineActivities | null;
  /**
   * Called in-process, with no Temporal between a runner and the activity: a throw becomes the
   * ActivityFailure a workflow receives once retries are spent (its cause carries the message).
   */
  inProcess: boolean;
}): EngineActivities {
  const { via, calls, overrides, fallback, inProcess } = args;
  const make =
    <A, R>(name: ActivityName, override?: (a: A) => Promise<R>, otherwise?: (a: A) => Promise<R>) =>
    async (a: A): Promise<R> => {
      calls.push({ via, name, args: a });
      const run = override ?? otherwise;
      // A plain Error, not an activity failure: attempt() rethrows it, so the test fails loudly.
      if (!run) throw new Error(`unexpected ${via}.${name} call`);
      if (!inProcess) return run(a);
      try {
        return await run(a);
      } catch (err) {
        throw new ActivityFailure(
          'Activity task failed',
          name,
          undefined,
          RetryState.MAXIMUM_ATTEMPTS_REACHED,
          undefined,
          ApplicationFailure.fromError(err),
        );
      }
    };
  const o = overrides;
  const f = fallback;
  return {
    openExecution: make('openExecution', o.openExecution, f?.openExecution),
    closeExecution: make('closeExecution', o.closeExecution, f?.closeExecution),
    recordTrace: make('recordTrace', o.recordTrace, f?.recordTrace),
    sendMessage: make('sendMessage', o.sendMessage, f?.sendMessage),
    placeCall: make('placeCall', o.placeCall, f?.placeCall),
    recordCallOutcome: make('recordCallOutcome', o.recordCallOutcome, f?.recordCallOutcome),
    lookupCitizen: make('lookupCitizen', o.lookupCitizen, f?.lookupCitizen),
    updateCitizen: make('updateCitizen', o.updateCitizen, f?.updateCitizen),
    createTicket: make('createTicket', o.createTicket, f?.createTicket),
    createWorkItem: make('createWorkItem', o.createWorkItem, f?.createWorkItem),
    httpRequest: make('httpRequest', o.httpRequest, f?.httpRequest),
    businessHoursStatus: make('businessHoursStatus', o.businessHoursStatus, f?.businessHoursStatus),
    nextOpenTime: make('nextOpenTime', o.nextOpenTime, f?.nextOpenTime),
    loadSubflow: make('loadSubflow', o.loadSubflow, f?.loadSubflow),
    recordSurvey: make('recordSurvey', o.recordSurvey, f?.recordSurvey),
    expectReply: make('expectReply', o.expectReply, f?.expectReply),
  };
}

/**
 * Activities for an engine worker in interpreter tests: an in-memory world (sends idempotent by
 * key like the real ones, trace and closing kept per execution) that a test overrides where it
 * needs to hold or observe a call. Temporal itself turns their throws into activity failures.
 */
export function testActivities(overrides: Partial<EngineActivities> = {}) {
  const world = inMemoryWorld();
  const calls: ActivityCall[] = [];
  const activities = activityDouble({
    via: 'activities',
    calls,
    overrides,
    fallback: world.activities,
    inProcess: false,
  });
  return { ...world, activities, calls };
}

function inMemoryWorld() {
  const sent = new Map<string, SendMessageInput>();
  const trace = new Map<string, TraceRecord[]>();
  const closed = new Map<string, Parameters<EngineActivities['closeExecution']>[0]>();
  const subflows = new Map<string, FlowProgram>();
  const addTrace = (executionId: string, records: TraceRecord[]) => {
    const list = trace.get(executionId) ?? [];
    for (const r of records) if (!list.some((x) => x.seq === r.seq)) list.push(r);
    trace.set(
      executionId,
      list.sort((a, b) => a.seq - b.seq),
    );
  };
  const activities: EngineActivities = {
    openExecution: async () => {},
    closeExecution: async (args) => {
      addTrace(args.executionId, args.trace);
      closed.set(args.executionId, args);
    },
    recordTrace: async ({ executionId, records }) => addTrace(executionId, records),
    sendMessage: async (args) => {
      if (sent.has(args.idempotencyKey)) return { status: 'duplicate', messageId: args.idempotencyKey };
      sent.set(args.idempotencyKey, args);
      return { status: 'sent', messageId: `msg-${sent.size}` };
    },
    placeCall: async () => ({ callId: 'call-1', outcome: 'answered' }),
    recordCallOutcome: async () => {},
    lookupCitizen: async () => null,
    updateCitizen: async () => {},
    createTicket: async () => ({ ticketId: 'ticket-1', number: 1042 }),
    createWorkItem: async () => ({ workItemId: 'wi-1' }),
    httpRequest: async () => ({ status: 200, ok: true, body: {} }),
    businessHoursStatus: async () => ({ status: 'open', holidayName: null }),
    nextOpenTime: async ({ from }) => from,
    loadSubflow: async ({ flowId }) => {
      const p = subflows.get(flowId);
      if (!p) throw new Error(`no subflow ${flowId}`);
      return p;
    },
    recordSurvey: async () => {},
    expectReply: async () => {},
  };
  return {
    activities,
    sent: () => [...sent.values()],
    trace: (executionId: string) => trace.get(executionId) ?? [],
    closed: (executionId: string) => closed.get(executionId),
    addSubflow: (flowId: string, program: FlowProgram) => void subflows.set(flowId, program),
  };
}
