import type { FlowProgram, Step } from '../../lib/contracts/program';

const SEND_KINDS = new Set(['send_sms', 'send_whatsapp', 'send_email']);

/** One message of a send-only flow, in the order a contact receives them. */
export type SendOnlyStep = {
  stepId: string;
  kind: 'send_sms' | 'send_whatsapp' | 'send_email';
  config: Record<string, unknown>;
};

/**
 * The sends of a flow that only sends (no waits, no branches on replies or calls), or null. Such a
 * flow runs on a campaign's batched path: one activity per page of recipients instead of one
 * workflow per contact. It is a chain from the trigger through send steps; each send's outcome
 * ports lead to the next send, to an `end`, or nowhere, and at most one of them leads on.
 */
export function sendOnlyPlan(program: FlowProgram): SendOnlyStep[] | null {
  const sends: SendOnlyStep[] = [];
  const entry = program.steps[program.entry];
  if (entry?.kind !== 'trigger_campaign_contact') return null;
  let next = onlyNext(program, entry);
  const seen = new Set<string>();
  while (next !== null) {
    if (next === undefined || seen.has(next)) return null;
    seen.add(next);
    const step = program.steps[next];
    if (!step) return null;
    if (step.kind === 'end') break;
    if (!SEND_KINDS.has(step.kind)) return null;
    if (step.kind === 'send_email' && String(step.config.html ?? '').trim()) return null;
    sends.push({ stepId: next, kind: step.kind as SendOnlyStep['kind'], config: step.config });
    next = onlyNext(program, step);
  }
  return sends.length > 0 ? sends : null;
}

/**
 * The one step a step's ports lead on to (ends excluded), null when they all end, undefined when
 * they branch to different steps.
 */
function onlyNext(program: FlowProgram, step: Step): string | null | undefined {
  const targets = new Set(
    Object.values(step.next).filter((id): id is string => id !== null && program.steps[id]?.kind !== 'end'),
  );
  if (targets.size > 1) return undefined;
  const [only] = targets;
  if (only) return only;
  return null;
}

/** The outcome an `end` step records when a send's port leads to it ("completed" when it leads nowhere). */
export function outcomeAfter(program: FlowProgram, stepId: string, port: string): string | null {
  const target = program.steps[stepId]?.next[port];
  if (!target) return null;
  const end = program.steps[target];
  return end?.kind === 'end' ? String(end.config.outcome ?? 'completed') : null;
}
