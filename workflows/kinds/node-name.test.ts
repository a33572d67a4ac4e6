import { describe, expect, it } from 'vitest';
import { EMPTY_RESOURCES, ivrGraph } from '../testing/graphs';
import { compile } from './compile';
import { defaultNodeName, firstWords, nodeName } from './node-name';
import { NODE_DEFINITIONS } from './registry';

const nameOf = (resource: string, id: string) =>
  resource === 'queues' && id === 'q1' ? 'Turnos' : undefined;

describe('node names', () => {
  it('defaults to the first words of what the node says, asks or refers to', () => {
    expect(
      defaultNodeName('say', { text: 'Bienvenido a la línea de vacunación de la provincia' }, 'es-AR'),
    ).toBe('Bienvenido a la línea de…');
    expect(defaultNodeName('gather', { prompt: 'Marcá 1 para turnos', mode: 'menu' }, 'es-AR')).toBe(
      'Marcá 1 para turnos',
    );
    expect(defaultNodeName('transfer_to_queue', { queueId: 'q1' }, 'es-AR', nameOf)).toBe('Cola Turnos');
    expect(defaultNodeName('end', { outcome: 'resuelto' }, 'en')).toBe('End: resuelto');
  });

  it('leaves placeholders out and falls back to the kind title when nothing is left', () => {
    expect(defaultNodeName('say', { text: 'Hola {{contact.first_name}}, te llamamos' }, 'es-AR')).toBe(
      'Hola, te llamamos',
    );
    expect(defaultNodeName('say', { text: '{{vars.x}}' }, 'es-AR')).toBe('Decir');
    // A new node whose settings do not parse yet, and triggers, whose summary is not a name.
    expect(defaultNodeName('gather', {}, 'es-AR')).toBe('Menú / pedir dato');
    expect(defaultNodeName('trigger_incoming_call', { numbers: ['+5491100000000'] }, 'en')).toBe(
      NODE_DEFINITIONS.find((d) => d.kind === 'trigger_incoming_call')?.title.en,
    );
    expect(defaultNodeName('nope', {}, 'es-AR')).toBe('nope');
  });

  it('gives every kind a non-empty default from its starting settings', () => {
    for (const def of NODE_DEFINITIONS) {
      expect(defaultNodeName(def.kind, {}, 'es-AR').length, def.kind).toBeGreaterThan(0);
      expect(defaultNodeName(def.kind, {}, 'en').length, def.kind).toBeGreaterThan(0);
    }
  });

  it('uses the given name over the default, ignoring blanks', () => {
    expect(nodeName({ kind: 'say', config: { text: 'Hola' }, label: 'Saludo' }, 'es-AR')).toBe('Saludo');
    expect(nodeName({ kind: 'say', config: { text: 'Hola' }, label: '   ' }, 'es-AR')).toBe('Hola');
  });

  it('ends at the first sentence, cuts long words and keeps short texts whole', () => {
    expect(firstWords('Para información, marcá 1. Para hablar con un operador, marcá 2.')).toBe(
      'Para información, marcá 1…',
    );
    expect(firstWords('¡Hola! Bienvenido')).toBe('¡Hola!…');
    expect(firstWords('Marcá 1 para turnos.')).toBe('Marcá 1 para turnos');
    expect(firstWords('Turnos')).toBe('Turnos');
    expect(firstWords('x'.repeat(80))).toBe(`${'x'.repeat(35)}…`);
    expect(firstWords('   ')).toBe('');
  });

  it('keeps names out of the program: a rename changes neither its steps nor its hash', () => {
    const run = (label: string | undefined) => {
      const graph = ivrGraph();
      graph.nodes = graph.nodes.map((n) => (label === undefined ? n : { ...n, label }));
      return compile({ graph, flowId: 'f', versionId: 'v', organizationId: 'o', resources: EMPTY_RESOURCES });
    };
    const plain = run(undefined);
    const named = run('Un nombre');
    expect(plain.ok).toBe(true);
    expect(named.program?.hash).toBe(plain.program?.hash);
    expect(JSON.stringify(named.program)).not.toContain('Un nombre');
  });
});
