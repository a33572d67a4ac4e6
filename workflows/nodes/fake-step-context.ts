import type { EngineActivities } from '../../lib/contracts/engine-activities';
import type { ExecutionInput } from '../../lib/contracts/execution';
import type { FlowProgram } from '../../lib/contracts/program';
import { renderTemplate, type Scope } from '../dsl/template';
import type { Resolution, StepContext } from '../engine/step-context';

/**
 * A StepContext for unit-testing runners without Temporal: activities are the fakes a test passes
 * (any other call throws), waits resolve through the test's own functions and are recorded.
 */
export type FakeStepContextOptions = {
  stepId?: string;
  scope?: Scope;
  input?: Partial<ExecutionInput>;
  program?: Partial<FlowProgram>;
  now?: Date;
  activities?: Partial<EngineActivities>;
  local?: Partial<EngineActivities>;
  waitForResolution?: StepContext['waitForResolution'];
  runSubflow?: StepContext['runSubflow'];
  awaitCallOutcome?: StepContext['awaitCallOutcome'];
};

export type FakeStepContext = StepContext & {
  resolutionWaits: { kind: 'workItem' | 'ticket'; id: string; timeoutMs: number }[];
  subflowRuns: { program: FlowProgram; variables: Scope }[];
};

export function fakeStepContext(opts: FakeStepContextOptions = {}): FakeStepContext {
  const stepId = opts.stepId ?? 'node_1';
  const input: ExecutionInput = {
    executionId: 'exec-1',
    organizationId: 'org-1',
    channel: 'api',
    timeZone: 'America/Argentina/Buenos_Aires',
    variables: {},
    ...opts.input,
  };
  const program: FlowProgram = {
    irVersion: 1,
    flowId: 'flow-1',
    versionId: 'version-1',
    organizationId: input.organizationId,
    hash: 'test',
    entry: 'trigger',
    trigger: { kind: 'trigger_api', config: {} },
    steps: {},
    variables: [],
    ...opts.program,
  };
  const scope: Scope = opts.scope ?? { contact: {}, call: {}, message: {}, input: {}, vars: {} };
  const resolutionWaits: FakeStepContext['resolutionWaits'] = [];
  const subflowRuns: FakeStepContext['subflowRuns'] = [];
  return {
    stepId,
    input,
    program,
    scope: () => scope,
    render: (template) => renderTemplate(template, scope, { timeZone: input.timeZone }),
    now: () => opts.now ?? new Date('2026-03-10T13:00:00.000Z'),
    random: () => 0.5,
    sleep: async () => {},
    idempotencyKey: () => `${input.executionId}:${stepId}:0`,
    activities: { ...unexpectedActivities('activities'), ...opts.activities },
    local: { ...unexpectedActivities('local'), ...opts.local },
    attempt: async (run) => {
      try {
        return { ok: true, value: await run() };
      } catch (err) {
        return { ok: false, error: err instanceof Error ? err.message : String(err) };
      }
    },
    background: () => {},
    voice: {
      active: false,
      emit: () => {},
      ask: async () => {
        throw new Error('voice.ask is not faked');
      },
      finish: () => {},
    },
    waitForMessage: async () => null,
    waitForResolution: async (kind, id, timeoutMs): Promise<Resolution | null> => {
      resolutionWaits.push({ kind, id, timeoutMs });
      if (!opts.waitForResolution) throw new Error('waitForResolution is not faked');
      return opts.waitForResolution(kind, id, timeoutMs);
    },
    runSubflow: async (child, variables) => {
      subflowRuns.push({ program: child, variables });
      if (!opts.runSubflow) throw new Error('runSubflow is not faked');
      return opts.runSubflow(child, variables);
    },
    awaitCallOutcome: async (callId, timeoutMs) => {
      if (!opts.awaitCallOutcome) throw new Error('awaitCallOutcome is not faked');
      return opts.awaitCallOutcome(callId, timeoutMs);
    },
    resolutionWaits,
    subflowRuns,
  };
}

function unexpectedActivities(where: string): EngineActivities {
  const unexpected = (name: string) => async (): Promise<never> => {
    throw new Error(`unexpected ${where}.${name} call`);
  };
  return {
    openExecution: unexpected('openExecution'),
    closeExecution: unexpected('closeExecution'),
    recordTrace: unexpected('recordTrace'),
    sendMessage: unexpected('sendMessage'),
    placeCall: unexpected('placeCall'),
    recordCallOutcome: unexpected('recordCallOutcome'),
    lookupCitizen: unexpected('lookupCitizen'),
    updateCitizen: unexpected('updateCitizen'),
    createTicket: unexpected('createTicket'),
    createWorkItem: unexpected('createWorkItem'),
    httpRequest: unexpected('httpRequest'),
    businessHoursStatus: unexpected('businessHoursStatus'),
    nextOpenTime: unexpected('nextOpenTime'),
    loadSubflow: unexpected('loadSubflow'),
    recordSurvey: unexpected('recordSurvey'),
    expectReply: unexpected('expectReply'),
  };
}
