import type { EngineActivities, SendMessageInput } from '../../lib/contracts/engine-activities';
import type { TraceRecord } from '../../lib/contracts/execution';
import type { FlowProgram } from '../../lib/contracts/program';

/**
 * In-memory EngineActivities that record every call, for interpreter tests that need to observe
 * what a flow asked of the world. Sends are idempotent by key, like the real ones.
 */
export function recordingActivities(overrides: Partial<EngineActivities> = {}) {
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
    createTicket: async () => ({ ticketId: 'ticket-1' }),
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
    ...overrides,
  };
  return {
    activities,
    sent: () => [...sent.values()],
    trace: (executionId: string) => trace.get(executionId) ?? [],
    closed: (executionId: string) => closed.get(executionId),
    addSubflow: (flowId: string, program: FlowProgram) => void subflows.set(flowId, program),
  };
}
