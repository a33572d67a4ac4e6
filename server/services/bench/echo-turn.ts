import 'server-only';
import type { Client } from '@temporalio/client';
import { WithStartWorkflowOperation } from '@temporalio/client';
import { echo, type echoUpdate } from '@/workflows/system-ping';
import { BENCH_TOKEN_HEADER, benchEnabled, benchToken, sameToken } from './bench-token';

/** Only the bench's own echo workflows: the route can neither reach nor start anything else. */
const WORKFLOW_ID = /^bench-echo-[0-9a-f-]{36}$/;
const MAX_TURN = 100;

export type EchoTurnDeps = { temporal: () => Promise<Client>; taskQueue: string };

const text = (status: number, body: string) =>
  new Response(`${body}\n`, { status, headers: { 'content-type': 'text/plain; charset=utf-8' } });

/**
 * The IVR bench's third figure, `temporal.update_via_next`: the raw baseline's trivial `echo`
 * update (workflows/system-ping.ts), sent through a Next route handler as a Twilio webhook is, so
 * the bench can tell the cost of the HTTP hop through Next from the cost of Cauce's engine.
 * Turn 0 starts the workflow (update-with-start, as a call's first turn); `last=1` ends it.
 * Answers 404 unless switched on (see benchToken), 403 without the token in x-cauce-bench-token.
 */
export async function benchEchoTurn(
  request: Request,
  deps: EchoTurnDeps,
  token: string | undefined = benchToken(process.env),
): Promise<Response> {
  if (!benchEnabled(token)) return text(404, 'Not found');
  if (!sameToken(request.headers.get(BENCH_TOKEN_HEADER), token)) return text(403, 'Forbidden');
  const form = new URLSearchParams(await request.text());
  const workflowId = form.get('workflowId') ?? '';
  const turn = Number(form.get('turn'));
  if (!WORKFLOW_ID.test(workflowId) || !Number.isInteger(turn) || turn < 0 || turn > MAX_TURN)
    return text(400, 'Expected workflowId=bench-echo-<uuid> and turn=0..100');
  const client = await deps.temporal();
  const value = `${workflowId}:${turn}`;
  const answer =
    turn === 0
      ? await client.workflow.executeUpdateWithStart(echo, {
          args: [value],
          startWorkflowOperation: new WithStartWorkflowOperation<typeof echoUpdate>('echoUpdate', {
            workflowId,
            taskQueue: deps.taskQueue,
            workflowIdConflictPolicy: 'USE_EXISTING',
          }),
        })
      : await client.workflow
          .getHandle<typeof echoUpdate>(workflowId)
          .executeUpdate(echo, { args: [value, form.get('last') === '1'] });
  return new Response(`<?xml version="1.0" encoding="UTF-8"?><Response><Say>${answer}</Say></Response>`, {
    headers: { 'content-type': 'text/xml; charset=utf-8' },
  });
}
