import { z } from 'zod';

/**
 * The schemas of test-run mocks, for the app and the API (workflow code imports only their types from
 * test-mocks.ts, so the workflow bundle never evaluates zod for them).
 *
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
