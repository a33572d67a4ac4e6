import { describe, expect, it } from 'vitest';
import { compileOrThrow } from '../testing/engine-harness';
import type { FlowGraph, GraphNode } from './graph';
import { sendOnlyPlan } from './send-only';

function node(id: string, kind: string, config: Record<string, unknown> = {}): GraphNode {
  return { id, kind, position: { x: 0, y: 0 }, config };
}
function graph(nodes: GraphNode[], edges: [string, string, string][]): FlowGraph {
  return {
    nodes,
    edges: edges.map(([source, sourcePort, target]) => ({
      id: `${source}-${sourcePort}`,
      source,
      sourcePort,
      target,
    })),
    notes: [],
  };
}

describe('sendOnlyPlan: the flows a campaign may run on its batched path', () => {
  it('takes a chain of sends ending anywhere, whatever ends the outcome ports lead to', () => {
    const g = graph(
      [
        node('start', 'trigger_campaign_contact'),
        node('sms', 'send_sms', { body: 'Hola {{contact.first_name}}' }),
        node('mail', 'send_email', { to: '{{contact.email}}', subject: 'Turno', text: 'Tu turno' }),
        node('ok', 'end', { outcome: 'avisado' }),
        node('baja', 'end', { outcome: 'baja' }),
      ],
      [
        ['start', 'next', 'sms'],
        ['sms', 'sent', 'mail'],
        ['sms', 'skipped', 'baja'],
        ['mail', 'sent', 'ok'],
      ],
    );
    expect(sendOnlyPlan(compileOrThrow(g))?.map((s) => s.stepId)).toEqual(['sms', 'mail']);
  });

  it('refuses waits, replies, calls, branches and other triggers', () => {
    const waits = graph(
      [
        node('start', 'trigger_campaign_contact'),
        node('sms', 'send_sms', { body: 'x' }),
        node('w', 'wait_for_reply', { timeoutMinutes: 5 }),
        node('f', 'end'),
      ],
      [
        ['start', 'next', 'sms'],
        ['sms', 'sent', 'w'],
        ['w', 'replied', 'f'],
        ['w', 'timeout', 'f'],
      ],
    );
    expect(sendOnlyPlan(compileOrThrow(waits))).toBeNull();
    const branches = graph(
      [
        node('start', 'trigger_campaign_contact'),
        node('sms', 'send_sms', { body: 'x' }),
        node('a', 'send_sms', { body: 'a' }),
        node('b', 'send_sms', { body: 'b' }),
        node('f', 'end'),
      ],
      [
        ['a', 'sent', 'f'],
        ['b', 'sent', 'f'],
        ['start', 'next', 'sms'],
        ['sms', 'sent', 'a'],
        ['sms', 'failed', 'b'],
      ],
    );
    expect(sendOnlyPlan(compileOrThrow(branches))).toBeNull();
    const call = graph(
      [node('start', 'trigger_campaign_contact'), node('c', 'place_outbound_call'), node('f', 'end')],
      [
        ['start', 'next', 'c'],
        ['c', 'answered', 'f'],
      ],
    );
    expect(sendOnlyPlan(compileOrThrow(call))).toBeNull();
    const api = graph(
      [
        node('start', 'trigger_api'),
        node('sms', 'send_sms', { to: '+5493415550000', body: 'x' }),
        node('f', 'end'),
      ],
      [
        ['start', 'next', 'sms'],
        ['sms', 'sent', 'f'],
      ],
    );
    expect(sendOnlyPlan(compileOrThrow(api))).toBeNull();
  });
});
