import { afterEach, describe, expect, it, vi } from 'vitest';
import { findNodeDefinition } from '@/workflows/kinds/registry';
import { nodeSummary } from './node-summary';

describe('nodeSummary', () => {
  afterEach(() => vi.restoreAllMocks());

  it("is the kind's summary, parsed once per config object and locale", () => {
    const say = findNodeDefinition('say');
    if (!say) throw new Error('no say node');
    const parse = vi.spyOn(say.schema, 'safeParse');
    const config = { text: 'Hola, gracias por llamar.' };
    const first = nodeSummary('say', config, 'es-AR');
    expect(first).toBe(say.summary(say.schema.parse(config), 'es-AR'));
    expect(first).toContain('Hola, gracias por llamar.');
    const parsesBefore = parse.mock.calls.length;
    expect(nodeSummary('say', config, 'es-AR')).toBe(first);
    expect(parse.mock.calls.length).toBe(parsesBefore);
    // A new config object (an edit) or another locale is summarised again.
    expect(nodeSummary('say', { text: 'Otro texto' }, 'es-AR')).toContain('Otro texto');
    nodeSummary('say', config, 'en');
    expect(parse.mock.calls.length).toBe(parsesBefore + 2);
  });

  it('is empty for a config that does not parse yet or an unknown kind', () => {
    expect(nodeSummary('send_sms', {}, 'es-AR')).toBe('');
    expect(nodeSummary('no_such_kind', {}, 'es-AR')).toBe('');
  });
});
