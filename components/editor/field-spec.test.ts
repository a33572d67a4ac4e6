import { describe, expect, it } from 'vitest';
import { findNodeDefinition, NODE_DEFINITIONS } from '@/workflows/kinds/registry';
import { formSpecOf } from './field-spec';
import { toFlowNode } from './graph-convert';
import { initialConfig } from './node-catalog';

function spec(kind: string) {
  const def = findNodeDefinition(kind);
  if (!def) throw new Error(kind);
  const form = formSpecOf(def);
  if (form.type !== 'object') throw new Error('not an object');
  return new Map(form.fields.map((f) => [f.key, f.spec]));
}

describe('inspector form from a zod schema', () => {
  it('maps strings, templates, enums, numbers, booleans and resource ids to their controls', () => {
    const gather = spec('gather');
    expect(gather.get('prompt')).toMatchObject({ type: 'string', template: true, multiline: true });
    expect(gather.get('mode')).toEqual({ type: 'enum', options: ['menu', 'collect'] });
    expect(gather.get('maxDigits')).toMatchObject({ type: 'number', integer: true, min: 1, max: 30 });
    expect(gather.get('saveAs')).toMatchObject({ type: 'string', template: false });
    expect(gather.get('options')).toMatchObject({ type: 'list', item: { type: 'object' }, maxItems: 12 });
    expect(spec('transfer_to_queue').get('queueId')).toMatchObject({ type: 'string', resource: 'queues' });
    expect(spec('create_ticket').get('waitForResolution')).toEqual({ type: 'boolean' });
    expect(spec('say').get('audioUrl')).toMatchObject({ type: 'string' });
    expect(spec('subflow').get('version')).toMatchObject({ type: 'number', constant: 'latest' });
    expect(spec('create_work_item').get('dueInHours')).toMatchObject({ type: 'number', nullable: true });
  });

  it('gives every node kind a form without unsupported fields, and a new node ports to connect', () => {
    for (const def of NODE_DEFINITIONS) {
      const form = formSpecOf(def);
      expect(JSON.stringify(form), def.kind).not.toContain('unsupported');
      const node = toFlowNode({
        id: 'n',
        kind: def.kind,
        position: { x: 0, y: 0 },
        config: initialConfig(def),
      });
      // Every kind but the ends has an output to connect right away, even while its text is still empty.
      const terminal = def.kind === 'end' || def.kind === 'hang_up';
      expect(node.data.ports.length > 0, def.kind).toBe(!terminal);
    }
  });
});
