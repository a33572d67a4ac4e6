import { z } from 'zod';
import type { EngineActivities, HttpRequestResult } from '../activities/engine-types';

/**
 * What a test run (the editor's test phone, a saved scenario) pretends about the world. Only
 * executions started with `test: true` read it: run-flow drops it for every other execution.
 */
export const ZQueueMock = z.object({
  waitSeconds: z.number().int().min(0).max(86_400),
  agentsAvailable: z.number().int().min(0).max(10_000),
});
export type QueueMock = z.infer<typeof ZQueueMock>;

export const ZHttpMock = z.object({
  /** The first mock whose text appears in the request's URL answers it. */
  urlContains: z.string().trim().min(1).max(500),
  method: z.enum(['ANY', 'GET', 'POST', 'PUT', 'PATCH', 'DELETE']).default('ANY'),
  status: z.number().int().min(100).max(599).default(200),
  /** JSON (mapped by path like a real answer) or plain text. */
  body: z.string().max(20_000).default(''),
});
export type HttpMock = z.infer<typeof ZHttpMock>;

export const BUSINESS_HOURS_MOCKS = ['real', 'open', 'closed'] as const;

export const ZTestMocks = z.object({
  /** The instant the run starts at (ISO); its clock moves on from there. */
  now: z.iso.datetime({ offset: true }).optional(),
  businessHours: z.enum(BUSINESS_HOURS_MOCKS).default('real'),
  queues: z.record(z.string().min(1).max(64), ZQueueMock).default({}),
  http: z.array(ZHttpMock).max(20).default([]),
});
export type TestMocks = z.infer<typeof ZTestMocks>;

/** Milliseconds to add to workflow time so that `now` is the mocked start. */
export function clockOffset(mocks: TestMocks | null, workflowNow: number): number {
  if (!mocks?.now) return 0;
  const at = Date.parse(mocks.now);
  return Number.isNaN(at) ? 0 : at - workflowNow;
}

/**
 * The activities a mocked test run uses: business hours and matching HTTP calls answer from the
 * mocks (no activity runs), everything else goes to the real activity.
 */
export function withMocks(real: EngineActivities, mocks: TestMocks): EngineActivities {
  const businessHoursStatus: EngineActivities['businessHoursStatus'] = async (args) =>
    mocks.businessHours === 'real'
      ? real.businessHoursStatus(args)
      : { status: mocks.businessHours, holidayName: null };
  const httpRequest: EngineActivities['httpRequest'] = async (args) => {
    const mock = mocks.http.find(
      (m) => args.url.includes(m.urlContains) && (m.method === 'ANY' || m.method === args.method),
    );
    return mock ? httpAnswer(mock) : real.httpRequest(args);
  };
  // Temporal's activity proxies have no own keys to spread: delegate through a Proxy instead.
  return new Proxy(real, {
    get(target, key, receiver) {
      if (key === 'businessHoursStatus') return businessHoursStatus;
      if (key === 'httpRequest') return httpRequest;
      return Reflect.get(target, key, receiver);
    },
  });
}

function httpAnswer(mock: HttpMock): HttpRequestResult {
  let body: unknown = mock.body;
  try {
    body = mock.body.trim() ? JSON.parse(mock.body) : '';
  } catch {
    // Not JSON: the flow gets the text, as from a real service answering text/plain.
  }
  return { status: mock.status, ok: mock.status >= 200 && mock.status < 300, body };
}

/**
 * What a mocked queue does with a transferred call: an agent takes it when one is free and the
 * expected wait fits in the node's maximum; otherwise the caller is not answered in time.
 */
export function queueMockOutcome(mock: QueueMock, maxWaitSeconds: number): 'answered' | 'timeout' {
  return mock.agentsAvailable > 0 && mock.waitSeconds <= maxWaitSeconds ? 'answered' : 'timeout';
}
