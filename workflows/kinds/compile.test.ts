import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { FlowGraph } from '../dsl/graph';
import { apiSmsGraph, EMPTY_RESOURCES, ivrGraph } from '../testing/graphs';
import { compile } from './compile';
import { NODE_DEFINITIONS } from './registry';

const run = (graph: FlowGraph) =>
  compile({ graph, flowId: 'f', versionId: 'v', organizationId: 'o', resources: EMPTY_RESOURCES });

const codes = (graph: FlowGraph) => run(graph).problems.map((p) => [p.nodeId, p.code]);

describe('compile', () => {
  it('compiles the sample flows into a flat program with a stable hash', () => {
    const a = run(apiSmsGraph());
    const b = run(apiSmsGraph());
    expect(a.ok).toBe(true);
    expect(a.program?.entry).toBe('start');
    expect(a.program?.steps.sms?.next).toEqual({ sent: 'fin', skipped: null, failed: null });
    expect(a.program?.hash).toMatch(/^[0-9a-f]{64}$/);
    expect(a.program?.hash).toBe(b.program?.hash);
    expect(run(ivrGraph()).ok).toBe(true);
  });

  it('needs exactly one trigger', () => {
    const none = apiSmsGraph();
    none.nodes = none.nodes.filter((n) => n.id !== 'start');
    none.edges = none.edges.filter((e) => e.source !== 'start');
    expect(codes(none)).toContainEqual([null, 'NO_TRIGGER']);
    const two = apiSmsGraph();
    two.nodes.push({ id: 'start2', kind: 'trigger_api', position: { x: 0, y: 0 }, config: {} });
    expect(codes(two)).toContainEqual(['start2', 'MANY_TRIGGERS']);
  });

  it('finds unreachable nodes, open required ports, bad configs and unknown kinds', () => {
    const g = apiSmsGraph();
    g.nodes.push({ id: 'suelto', kind: 'end', position: { x: 0, y: 0 }, config: {} });
    g.nodes.push({ id: 'raro', kind: 'teleport', position: { x: 0, y: 0 }, config: {} });
    const sms = g.nodes.find((n) => n.id === 'sms');
    if (sms) sms.config = { to: '{{input.telefono}}', body: '' };
    g.edges = g.edges.filter((e) => e.id !== 'e2');
    const found = run(g).problems;
    expect(found).toContainEqual(expect.objectContaining({ nodeId: 'suelto', code: 'UNREACHABLE' }));
    expect(found).toContainEqual(expect.objectContaining({ nodeId: 'raro', code: 'UNKNOWN_KIND' }));
    expect(found).toContainEqual(expect.objectContaining({ nodeId: 'saludo', code: 'PORT_UNCONNECTED' }));
    expect(found).toContainEqual(
      expect.objectContaining({ nodeId: 'sms', code: 'INVALID_CONFIG', field: 'body' }),
    );
    expect(found.every((p) => p.message['es-AR'].length > 0 && p.message.en.length > 0)).toBe(true);
  });

  it('refuses a loop with no wait in it, and accepts one that waits', () => {
    const g = apiSmsGraph();
    g.edges.push({ id: 'loop', source: 'fin', sourcePort: 'x', target: 'saludo' });
    g.edges = g.edges.map((e) => (e.id === 'e3' ? { ...e, target: 'saludo' } : e));
    g.nodes = g.nodes.filter((n) => n.id !== 'fin');
    g.edges = g.edges.filter((e) => e.id !== 'loop');
    const spinning = run(g)
      .problems.filter((p) => p.code === 'SPINNING_LOOP')
      .map((p) => p.nodeId);
    expect(spinning.sort()).toEqual(['saludo', 'sms']);
    // The IVR's "repeat" option loops back into its gather, which waits for the caller: fine.
    expect(run(ivrGraph()).problems.filter((p) => p.code === 'SPINNING_LOOP')).toEqual([]);
  });

  it('flags a variable that some path to the node never defines', () => {
    const g = apiSmsGraph();
    const sms = g.nodes.find((n) => n.id === 'sms');
    if (sms) sms.config = { to: '{{input.telefono}}', body: 'Tu DNI {{vars.dni}} y {{contact.first_name}}' };
    const found = run(g).problems.filter((p) => p.code === 'UNDEFINED_VARIABLE');
    expect(found.map((p) => p.message.en)).toEqual([
      'Uses "vars.dni", which is not defined on every path that reaches here.',
      'Uses "contact.first_name", which is not defined on every path that reaches here.',
    ]);
    expect(found[0]).toMatchObject({ nodeId: 'sms', field: 'body' });
  });

  it('defines a gather answer only after the gather, and only on the ports that set it', () => {
    const g = ivrGraph();
    const bye = g.nodes.find((n) => n.id === 'chau');
    if (bye) bye.config = { goodbye: 'Elegiste {{vars.opcion}}' };
    const turnos = g.nodes.find((n) => n.id === 'turnos');
    if (turnos) turnos.config = { goodbye: 'Elegiste {{vars.opcion}}' };
    const found = run(g)
      .problems.filter((p) => p.code === 'UNDEFINED_VARIABLE')
      .map((p) => p.nodeId);
    expect(found).toEqual(['chau']);
  });

  it('never throws on thousands of random graphs, and every problem names a node that exists', () => {
    const kinds = [...NODE_DEFINITIONS.map((d) => d.kind), 'unknown_kind'];
    const ids = ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h'];
    const junk = fc.oneof(
      fc.string(),
      fc.integer(),
      fc.boolean(),
      fc.constant(null),
      fc.array(fc.string(), { maxLength: 3 }),
    );
    const config = fc.oneof(
      fc.constant({}),
      fc.dictionary(
        fc.constantFrom(
          'text',
          'prompt',
          'options',
          'body',
          'to',
          'cases',
          'assignments',
          'mode',
          'fields',
          '__proto__',
        ),
        junk,
      ),
    );
    const node = fc.record({
      id: fc.constantFrom(...ids),
      kind: fc.constantFrom(...kinds),
      position: fc.constant({ x: 0, y: 0 }),
      config,
    });
    const edge = fc.record({
      id: fc.string({ minLength: 1, maxLength: 4 }),
      source: fc.constantFrom(...ids, 'ghost'),
      sourcePort: fc.constantFrom('next', 'sent', 'opt_1', 'no_input', 'else', 'replied', 'timeout', 'x'),
      target: fc.constantFrom(...ids, 'ghost'),
    });
    fc.assert(
      fc.property(fc.array(node, { maxLength: 10 }), fc.array(edge, { maxLength: 20 }), (nodes, edges) => {
        const graph: FlowGraph = { nodes, edges, notes: [] };
        const result = run(graph);
        const existing = new Set(nodes.map((n) => n.id));
        for (const p of result.problems) {
          expect(p.code).not.toBe('INTERNAL_ERROR');
          if (p.nodeId !== null) expect(existing.has(p.nodeId)).toBe(true);
        }
        if (result.ok) expect(Object.keys(result.program.steps).every((id) => existing.has(id))).toBe(true);
      }),
      { numRuns: 3000 },
    );
  });
});
