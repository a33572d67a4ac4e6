import { z } from 'zod';
import { BUSINESS_HOURS_MOCKS, type TestMocks, ZHttpMock, ZQueueMock } from '../contracts/test-mocks-schema';
import { zonedTimeToInstant } from '../zoned-time';

/** What a scenario pretends, as the designer wrote it: the clock is a wall-clock time in the organismo's zone. */
export const ZScenarioMocks = z.object({
  now: z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/, 'YYYY-MM-DDTHH:MM')
    .optional(),
  businessHours: z.enum(BUSINESS_HOURS_MOCKS).default('real'),
  queues: z
    .record(z.uuid(), ZQueueMock)
    .refine((q) => Object.keys(q).length <= 20, 'at most 20 queues')
    .default({}),
  http: z.array(ZHttpMock).max(20).default([]),
});
export type ScenarioMocks = z.infer<typeof ZScenarioMocks>;

export const ZApiInput = z
  .record(z.string().max(64), z.union([z.string().max(2000), z.number(), z.boolean()]))
  .refine((v) => Object.keys(v).length <= 50, 'at most 50 fields');

/** How the session started: the caller's number, an SMS-started flow's first text, an API flow's input. */
export const ZScenarioStart = z.object({
  from: z.string().trim().max(40).optional(),
  text: z.string().max(1600).optional(),
  input: ZApiInput.optional(),
});
export type ScenarioStart = z.infer<typeof ZScenarioStart>;

/** One thing the designer did, in order: an answer to a voice prompt, an SMS reply, or hanging up. */
export const ZScenarioStep = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('voice'),
    digits: z
      .string()
      .regex(/^[0-9*#]{1,40}$/)
      .optional(),
    speech: z.string().max(500).optional(),
    /** At a Record prompt: the simulated recording's length (the test phone records no audio). */
    recordingSeconds: z.number().int().min(1).max(600).optional(),
  }),
  z.object({ kind: z.literal('reply'), text: z.string().trim().min(1).max(1600) }),
  z.object({ kind: z.literal('hangup') }),
]);
export type ScenarioStep = z.infer<typeof ZScenarioStep>;

/** What must happen again: the nodes in order, and what the designer ticked (outcome, variables, messages). */
export const ZScenarioExpectations = z.object({
  path: z.array(z.string().min(1).max(64)).max(2000),
  outcome: z.string().max(500).nullable().optional(),
  variables: z
    .record(z.string().min(1).max(200), z.unknown())
    .refine((v) => Object.keys(v).length <= 100, 'at most 100 variables')
    .optional(),
  messages: z.array(z.string().max(5000)).max(100).optional(),
});
export type ScenarioExpectations = z.infer<typeof ZScenarioExpectations>;

/** The first way a run differed from its scenario (the UI words it with the node labels). */
export type ScenarioDifference =
  | { kind: 'path'; index: number; expected: string | null; actual: string | null; previous: string | null }
  | { kind: 'outcome'; expected: string | null; actual: string | null }
  | { kind: 'variable'; path: string; expected: string; actual: string }
  | { kind: 'message'; index: number; expected: string | null; actual: string | null }
  | {
      kind: 'error';
      code: 'FLOW_HAS_ERRORS' | 'INVALID_INPUT' | 'TIMEOUT' | 'FAILED';
      at: string | null;
      detail: string;
    };

export type ScenarioResult = {
  passed: boolean;
  difference: ScenarioDifference | null;
  executionId: string | null;
  path: string[];
  ranAt: string;
};

/** The engine's mocks for a test run: the scenario's wall-clock `now` becomes an instant in `timeZone`. */
export function toTestMocks(mocks: ScenarioMocks, timeZone: string): TestMocks {
  const out: TestMocks = { businessHours: mocks.businessHours, queues: mocks.queues, http: mocks.http };
  const m = mocks.now ? /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})$/.exec(mocks.now) : null;
  if (m) {
    const [year, month, day, hour, minute] = m.slice(1).map(Number);
    out.now = zonedTimeToInstant(
      { year: year ?? 0, month: month ?? 1, day: day ?? 1, hour: hour ?? 0, minute: minute ?? 0 },
      timeZone,
    ).toISOString();
  }
  return out;
}

/** True when the mocks change nothing (the run is exactly a plain test run). */
export function mocksAreEmpty(mocks: ScenarioMocks): boolean {
  return (
    !mocks.now &&
    mocks.businessHours === 'real' &&
    Object.keys(mocks.queues).length === 0 &&
    mocks.http.length === 0
  );
}
